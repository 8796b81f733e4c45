package org.retrowalk.cds.fhir.server;

import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * Search answers of the size an ICU or long-term-care chart gives: thousands of device observations (heart rate
 * every few minutes) in one Bundle, as a server that ignores _count sends them. Encoded by HAPI, so they are
 * real FHIR; about 0.86 kB an observation.
 */
public final class LargeCharts {

    private LargeCharts() {
    }

    /** A searchset Bundle of heart-rate Observations of the patient, of about the given size in bytes. */
    public static byte[] observations(String patientId, long approximateBytes) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        long perObservation = 856; // measured: HAPI encodes one of these in 856 bytes
        int count = (int) Math.max(1, approximateBytes / perObservation);
        bundle.setTotal(count);
        for (int i = 0; i < count; i++) {
            Observation observation = new Observation();
            observation.setId("hr-" + i);
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                    "vital-signs", "Vital Signs")));
            observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")).setText("Heart rate"));
            observation.setSubject(new Reference("Patient/" + patientId));
            observation.setEffective(new DateTimeType("2026-11-" + String.format("%02d", 1 + i % 20) + "T"
                    + String.format("%02d:%02d:00Z", (i / 60) % 24, i % 60)));
            observation.setValue(new Quantity().setValue(60 + i % 40).setUnit("/min").setSystem("http://unitsofmeasure.org").setCode("/min"));
            observation.addNote().setText("Device reading from the bedside monitor, channel " + (i % 8)
                    + "; artefact check passed; no alarm raised; recorded automatically by the interface engine for the ward.");
            observation.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.3.9999.1").setValue("monitor-" + patientId + "-" + i);
            bundle.addEntry().setFullUrl("http://fhir.test/Observation/hr-" + i).setResource(observation)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return FhirContextProducer.jsonParser().encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8);
    }
}
