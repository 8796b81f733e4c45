package org.retrowalk.cds.fhir;

import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;

/** Which statuses make a resource count (clinical specification, section 2). */
public final class FhirStatuses {

    private static final Set<String> ACTIVE_CLINICAL = Set.of("active", "recurrence", "relapse");
    private static final Set<String> REJECTED_VERIFICATION = Set.of("refuted", "entered-in-error");

    private FhirStatuses() {
    }

    /** Final, amended or corrected: preliminary, cancelled and entered-in-error results do not count. */
    public static boolean countable(Observation observation) {
        Observation.ObservationStatus status = observation.getStatus();
        return status == Observation.ObservationStatus.FINAL
                || status == Observation.ObservationStatus.AMENDED
                || status == Observation.ObservationStatus.CORRECTED;
    }

    /** Not refuted and not entered in error: the condition was really recorded. */
    public static boolean verified(Condition condition) {
        return !hasCode(condition.getVerificationStatus(), REJECTED_VERIFICATION);
    }

    /** Verified and active, recurring or relapsed; a missing clinical status counts as active. */
    public static boolean active(Condition condition) {
        if (!verified(condition)) {
            return false;
        }
        CodeableConcept clinical = condition.getClinicalStatus();
        if (clinical == null) {
            return true;
        }
        boolean anyCode = false;
        for (Coding coding : clinical.getCoding()) {
            anyCode |= codeOf(coding) != null;
        }
        return !anyCode || hasCode(clinical, ACTIVE_CLINICAL);
    }

    // Loops over values, not streams or HAPI's has...() (whose emptiness checks allocate): these run for every
    // condition and coding on every call. A code element without a value (only an extension) is no code.
    private static boolean hasCode(CodeableConcept concept, Set<String> codes) {
        if (concept == null) {
            return false;
        }
        for (Coding coding : concept.getCoding()) {
            String code = codeOf(coding);
            if (code != null && codes.contains(code)) {
                return true;
            }
        }
        return false;
    }

    private static String codeOf(Coding coding) {
        String code = coding.getCode();
        return code == null || code.isBlank() ? null : code;
    }
}
