package org.retrowalk.cds.fhir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;

/** Which conditions count (clinical specification, section 2), as real records send their statuses. */
class FhirStatusesTest {

    private static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private static final String VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";

    private static Condition clinical(String code) {
        return new Condition().setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, code, null)));
    }

    @Test
    void activeRecurrenceAndRelapseCountAsActive() {
        assertTrue(FhirStatuses.active(clinical("active")));
        assertTrue(FhirStatuses.active(clinical("recurrence")));
        assertTrue(FhirStatuses.active(clinical("relapse")));
        assertFalse(FhirStatuses.active(clinical("resolved")));
        assertFalse(FhirStatuses.active(clinical("inactive")));
    }

    @Test
    void aMissingClinicalStatusCountsAsActive() {
        assertTrue(FhirStatuses.active(new Condition()));
        assertTrue(FhirStatuses.active(new Condition().setClinicalStatus(new CodeableConcept().setText("active"))));
        assertTrue(FhirStatuses.active(clinical("  ")));
    }

    @Test
    void aCodeWithoutAValueIsNoCode() {
        // Only an extension (say, a data-absent-reason): the status is missing, so active, and the check does not fail.
        Coding coding = new Coding().setSystem(CLINICAL);
        coding.setCodeElement((CodeType) new CodeType().addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                new CodeType("unknown"))));
        Condition condition = new Condition().setClinicalStatus(new CodeableConcept(coding));
        assertTrue(FhirStatuses.active(condition));
        Condition unverified = new Condition().setVerificationStatus(new CodeableConcept(coding.copy().setSystem(VERIFICATION)));
        assertTrue(FhirStatuses.verified(unverified));
    }

    @Test
    void refutedAndEnteredInErrorAreNotVerified() {
        assertFalse(FhirStatuses.verified(new Condition().setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "refuted", null)))));
        Condition inError = new Condition().setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "entered-in-error", null)));
        assertFalse(FhirStatuses.verified(inError));
        assertFalse(FhirStatuses.active(inError.setClinicalStatus(new CodeableConcept(new Coding(CLINICAL, "active", null)))));
        assertTrue(FhirStatuses.verified(new Condition().setVerificationStatus(new CodeableConcept(new Coding(VERIFICATION, "confirmed", null)))));
        assertTrue(FhirStatuses.verified(new Condition()));
    }
}
