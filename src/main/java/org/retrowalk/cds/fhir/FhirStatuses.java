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
        return !condition.hasVerificationStatus() || !hasCode(condition.getVerificationStatus(), REJECTED_VERIFICATION);
    }

    /** Verified and active, recurring or relapsed; a missing clinical status counts as active. */
    public static boolean active(Condition condition) {
        if (!verified(condition)) {
            return false;
        }
        if (!condition.hasClinicalStatus()) {
            return true;
        }
        CodeableConcept clinical = condition.getClinicalStatus();
        boolean anyCode = false;
        for (Coding coding : clinical.getCoding()) {
            anyCode |= coding.hasCode();
        }
        return !anyCode || hasCode(clinical, ACTIVE_CLINICAL);
    }

    // Loops, not streams, here and in the code sets: these run for every coding of every resource on every call.
    private static boolean hasCode(CodeableConcept concept, Set<String> codes) {
        for (Coding coding : concept.getCoding()) {
            if (coding.hasCode() && codes.contains(coding.getCode())) {
                return true;
            }
        }
        return false;
    }
}
