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
        if (clinical == null || clinical.getCoding().stream().noneMatch(Coding::hasCode)) {
            return true;
        }
        return hasCode(clinical, ACTIVE_CLINICAL);
    }

    private static boolean hasCode(CodeableConcept concept, Set<String> codes) {
        return concept != null && concept.getCoding().stream().anyMatch(c -> c.hasCode() && codes.contains(c.getCode()));
    }
}
