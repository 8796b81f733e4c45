package org.retrowalk.cds.record;

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
import org.retrowalk.cds.parameters.BalanceTest;
import org.retrowalk.cds.terminology.ClinicalValueSet;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The queries that make up a patient's record for the backward-walking rules, used both as the prefetch
 * templates in discovery and to read the record. Codes in the templates come from the same value sets
 * the facts are matched against, so the two cannot drift apart. Queries keep to the CDS Hooks
 * recommended subset: read, search by patient, token code and status, _count and _sort.
 */
@Singleton
public class RecordQueries {

    private static final String PATIENT = "{{context.patientId}}";

    /** The window of the rules that read an observation concept: results before it decide nothing. */
    public enum Window {
        PAIN,
        FALLS,
        PREGNANCY,
        /** KL grades have no window; balance tests older than theirs are still shown. */
        NONE
    }

    /** Observations the rules read as one concept, with their codes as search tokens. */
    public record ObservationConcept(String name, List<String> tokens, Window window) {}

    private final List<RecordQuery> queries;
    private final List<ObservationConcept> observationConcepts;

    @Inject
    public RecordQueries(Terminology terminology) {
        List<String> balanceCodes = new ArrayList<>();
        for (BalanceTest test : BalanceTest.values()) {
            balanceCodes.addAll(terminology.byId(test.valueSetId()).listedTokens());
        }
        observationConcepts = List.of(
                new ObservationConcept("pain", tokens(terminology, ClinicalValueSet.PAIN_NRS), Window.PAIN),
                new ObservationConcept("falls screen", tokens(terminology, ClinicalValueSet.FALLS_COUNT,
                        ClinicalValueSet.FEAR_OF_FALLING, ClinicalValueSet.FEELS_UNSTEADY), Window.FALLS),
                new ObservationConcept("balance tests", balanceCodes.stream().distinct().toList(), Window.NONE),
                new ObservationConcept("Kellgren-Lawrence grade", tokens(terminology, ClinicalValueSet.KL_GRADE), Window.NONE),
                new ObservationConcept("pregnancy status", tokens(terminology, ClinicalValueSet.PREGNANCY_STATUS), Window.PREGNANCY));
        List<String> observationCodes = observationConcepts.stream().flatMap(c -> c.tokens().stream()).distinct().toList();
        // Procedures and orders are asked for whole (section 5a): a code list cannot follow the hip and knee replacement
        // hierarchies, the ICD-10-PCS and CPT ranges or a replacement named only in words. Our own procedure search is
        // bounded by date instead (OwnSearches); orders by status.

        queries = List.of(
                new RecordQuery("patient", Patient.class, "Patient/" + PATIENT, true),
                new RecordQuery("conditions", Condition.class, "Condition?patient=" + PATIENT, false),
                new RecordQuery("observations", Observation.class, "Observation?patient=" + PATIENT
                        + "&code=" + String.join(",", observationCodes) + "&_sort=-date", false),
                new RecordQuery("medicationRequests", MedicationRequest.class, "MedicationRequest?patient=" + PATIENT + "&status=active", false),
                new RecordQuery("medicationStatements", MedicationStatement.class, "MedicationStatement?patient=" + PATIENT + "&status=active", false),
                new RecordQuery("devices", Device.class, "Device?patient=" + PATIENT, false),
                new RecordQuery("deviceUseStatements", DeviceUseStatement.class, "DeviceUseStatement?patient=" + PATIENT, false),
                new RecordQuery("procedures", Procedure.class, "Procedure?patient=" + PATIENT, false),
                new RecordQuery("serviceRequests", ServiceRequest.class, "ServiceRequest?patient=" + PATIENT + "&status=active,on-hold", false));
    }

    private static List<String> tokens(Terminology terminology, ClinicalValueSet... sets) {
        return Stream.of(sets).map(terminology::get).flatMap(set -> set.listedTokens().stream()).distinct().toList();
    }

    public List<RecordQuery> all() {
        return queries;
    }

    /** The query of a prefetch key. */
    public RecordQuery byKey(String key) {
        return queries.stream().filter(q -> q.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no record query " + key));
    }

    /** The concepts whose codes make up the observations template, in the order the rules read them. */
    public List<ObservationConcept> observationConcepts() {
        return observationConcepts;
    }

    /** key -> template, as discovery publishes them. */
    public Map<String, String> templates() {
        Map<String, String> templates = new LinkedHashMap<>();
        queries.forEach(q -> templates.put(q.key(), q.template()));
        return templates;
    }
}
