package org.retrowalk.cds.panel;

import java.util.List;

/**
 * One knee-OA patient of a screened panel: the patient's reference in the export, the outcome, the reasons of the
 * rules that decided it, the assessments the rules ask for, and the rule IDs (for governance, not for reading).
 */
public record WorklistEntry(String patient, String outcome, String outcomeWords, List<String> reasons, List<String> assessments,
                            List<String> rules) {

    static final List<String> CSV_HEADER = List.of("patient", "outcome", "outcome_words", "reasons", "assessments_to_arrange", "rules");

    List<String> csvRow() {
        return List.of(patient, outcome, outcomeWords, String.join("; ", reasons), String.join("; ", assessments), String.join(" ", rules));
    }
}
