package org.retrowalk.cds.fhir;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.clinical.BalanceTest;
import org.retrowalk.cds.clinical.ClinicalValueSet;
import org.retrowalk.cds.clinical.CodeSet;
import org.retrowalk.cds.clinical.Terminology;

/**
 * The queries that make up a patient's record for the backward-walking rules, used both as the prefetch
 * templates in discovery and to read the record. Codes in the templates come from the same value sets
 * the facts are matched against, so the two cannot drift apart. Queries keep to the CDS Hooks
 * recommended subset: read, search by patient, token code and status, _count and _sort.
 */
@Singleton
public class RecordQueries {

    private static final String PATIENT = "{{context.patientId}}";

    private final List<RecordQuery> queries;

    @Inject
    public RecordQueries(Terminology terminology) {
        List<String> observationCodes = new ArrayList<>();
        Stream.of(ClinicalValueSet.PAIN_NRS, ClinicalValueSet.FALLS_COUNT, ClinicalValueSet.KL_GRADE,
                        ClinicalValueSet.FEAR_OF_FALLING, ClinicalValueSet.FEELS_UNSTEADY)
                .map(terminology::get).forEach(set -> observationCodes.addAll(set.listedTokens()));
        for (BalanceTest test : BalanceTest.values()) {
            observationCodes.addAll(terminology.byId(test.valueSetId()).listedTokens());
        }
        CodeSet arthroplasty = terminology.get(ClinicalValueSet.KNEE_ARTHROPLASTY);
        String arthroplastyCodes = String.join(",", arthroplasty.listedTokens());

        queries = List.of(
                new RecordQuery("patient", Patient.class, "Patient/" + PATIENT, true),
                new RecordQuery("conditions", Condition.class, "Condition?patient=" + PATIENT, false),
                new RecordQuery("observations", Observation.class, "Observation?patient=" + PATIENT
                        + "&code=" + String.join(",", observationCodes.stream().distinct().toList()) + "&_sort=-date", false),
                new RecordQuery("medicationRequests", MedicationRequest.class, "MedicationRequest?patient=" + PATIENT + "&status=active", false),
                new RecordQuery("medicationStatements", MedicationStatement.class, "MedicationStatement?patient=" + PATIENT + "&status=active", false),
                new RecordQuery("devices", Device.class, "Device?patient=" + PATIENT, false),
                new RecordQuery("deviceUseStatements", DeviceUseStatement.class, "DeviceUseStatement?patient=" + PATIENT, false),
                new RecordQuery("procedures", Procedure.class, "Procedure?patient=" + PATIENT + "&code=" + arthroplastyCodes, false),
                new RecordQuery("serviceRequests", ServiceRequest.class, "ServiceRequest?patient=" + PATIENT
                        + "&status=active,on-hold&code=" + arthroplastyCodes, false));
    }

    public List<RecordQuery> all() {
        return queries;
    }

    /** key -> template, as discovery publishes them. */
    public Map<String, String> templates() {
        Map<String, String> templates = new LinkedHashMap<>();
        queries.forEach(q -> templates.put(q.key(), q.template()));
        return templates;
    }
}
