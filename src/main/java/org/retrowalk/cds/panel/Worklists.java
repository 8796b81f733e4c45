package org.retrowalk.cds.panel;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.retrowalk.cds.platform.Csv;

/**
 * The shares of a screen joined into one worklist: worklist.csv for people (one row per knee-OA patient, those the
 * rules advise against first), worklist-list.json as a FHIR List of the same patients for systems (each entry
 * flagged with the outcome), and summary.json with the counts. Refuses to merge when a share is missing.
 */
@ApplicationScoped
public class Worklists {

    static final String OUTCOME_SYSTEM = "http://retrowalk.org/fhir/CodeSystem/decision-outcome";
    /** The order a reviewer works in: who must not be offered it, who needs an assessment, then who may benefit. */
    static final List<String> ORDER = List.of("ADVISE_AGAINST", "ASSESS_FIRST", "MODIFY", "RECOMMEND");

    private final FhirContext fhir;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public Worklists(FhirContext fhir) {
        this.fhir = fhir;
    }

    static Path shareFile(Path output, int index, int shares) {
        return output.resolve("share-" + index + "-of-" + shares + ".ndjson");
    }

    static Path summaryFile(Path output, int index, int shares) {
        return output.resolve("share-" + index + "-of-" + shares + ".summary.json");
    }

    /** Joins the {@code shares} shares in {@code output}. */
    public ScreenSummary merge(Path output, int shares) throws IOException {
        List<WorklistEntry> entries = new ArrayList<>();
        ScreenSummary total = null;
        for (int i = 0; i < shares; i++) {
            Path summary = summaryFile(output, i, shares);
            if (!Files.exists(summary)) {
                throw new IllegalStateException("share " + i + " of " + shares + " has not finished (no " + summary.getFileName() + ")");
            }
            ScreenSummary share = json.readValue(summary.toFile(), ScreenSummary.class);
            total = total == null ? share : total.plus(share);
            try (BufferedReader reader = Files.newBufferedReader(shareFile(output, i, shares), StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank()) {
                        entries.add(json.readValue(line, WorklistEntry.class));
                    }
                }
            }
        }
        entries.sort(Comparator.comparingInt((WorklistEntry e) -> ORDER.indexOf(e.outcome())).thenComparing(WorklistEntry::patient));
        Csv csv = new Csv().row(WorklistEntry.CSV_HEADER);
        entries.forEach(e -> csv.row(e.csvRow()));
        Files.writeString(output.resolve("worklist.csv"), csv.toString(), StandardCharsets.UTF_8);
        try (BufferedWriter out = Files.newBufferedWriter(output.resolve("worklist-list.json"), StandardCharsets.UTF_8)) {
            fhir.newJsonParser().setPrettyPrint(false).encodeResourceToWriter(list(entries), out);
        }
        ScreenSummary merged = new ScreenSummary(-1, shares, total.patients(), total.deceased(), total.withoutPatientResource(), total.kneeOa(),
                total.byOutcome(), total.linesRead(), total.millis());
        json.writeValue(output.resolve("summary.json").toFile(), merged);
        return merged;
    }

    ListResource list(List<WorklistEntry> entries) {
        ListResource list = new ListResource();
        list.setStatus(ListResource.ListStatus.CURRENT);
        list.setMode(ListResource.ListMode.SNAPSHOT);
        list.setTitle("Backward walking for knee osteoarthritis: panel screen");
        list.setCode(new CodeableConcept().setText("Knee-OA patients screened for backward walking as an adjunct to exercise therapy"));
        list.setDate(new Date());
        for (WorklistEntry e : entries) {
            list.addEntry().setItem(new Reference(e.patient()))
                    .setFlag(new CodeableConcept().setText(e.outcomeWords()).addCoding(new org.hl7.fhir.r4.model.Coding(OUTCOME_SYSTEM, e.outcome(), e.outcomeWords())));
        }
        if (entries.isEmpty()) {
            list.setEmptyReason(new CodeableConcept().setText("No patient with knee osteoarthritis in the panel"));
        }
        return list;
    }
}
