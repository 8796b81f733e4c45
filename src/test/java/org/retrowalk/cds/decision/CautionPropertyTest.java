package org.retrowalk.cds.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.record.PatientRecord;

/**
 * "A finding added to a record never makes an answer less cautious", as a property over the whole case table: every
 * finding of every case (a condition, a procedure, a medication, a device, an order) is added to every other case
 * of the same evaluation date, and the answer must be at least as cautious as without it (advise against > assess
 * first > modify > recommend).
 *
 * <p>Observations are not added: a result can be the very assessment a card asks for (a normal TUG answers "assess
 * first" by design, section 5, R21), so an observation may rightly end an "assess first". A finding that is itself
 * the falls screen R20 asks for is the one other exception the specification makes (section 2: "a fall Condition counts
 * as a falls screen"); the test says which pairs it let pass for that reason and how many.
 */
@QuarkusTest
class CautionPropertyTest {

    private static final List<Class<? extends Resource>> FINDINGS = List.of(Condition.class, Procedure.class, MedicationRequest.class,
            MedicationStatement.class, Device.class, DeviceUseStatement.class, ServiceRequest.class);

    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;

    @Test
    void noFindingMakesAnyCaseLessCautious() {
        List<ClinicalCases.Case> cases = ClinicalCases.all();
        Map<String, Finding> pool = new LinkedHashMap<>();
        var parser = FhirContextProducer.jsonParser();
        for (ClinicalCases.Case c : cases) {
            for (Resource r : c.resources()) {
                if (FINDINGS.stream().anyMatch(t -> t.isInstance(r)) && !"default-knee-oa".equals(r.getIdElement().getIdPart())) {
                    Resource copy = r.copy();
                    copy.setId((String) null);
                    pool.putIfAbsent(c.evaluationDate() + " " + parser.encodeResourceToString(copy), new Finding(c.id(), c.evaluationDate(), copy));
                }
            }
        }
        List<String> lessCautious = new ArrayList<>();
        int pairs = 0;
        int screenedByAFall = 0;
        for (ClinicalCases.Case c : cases) {
            Decision before = engine.decide(extractor.extract(c.record(), c.evaluationDate()));
            if (before.outcome() == Outcome.NO_CARD) {
                continue;
            }
            for (Finding finding : pool.values()) {
                if (!finding.date().equals(c.evaluationDate())) {
                    continue;
                }
                pairs++;
                List<Resource> resources = new ArrayList<>(c.resources().stream().filter(r -> !(r instanceof org.hl7.fhir.r4.model.Patient)).toList());
                Resource added = finding.resource().copy();
                added.setId("added-finding");
                resources.add(added);
                PatientRecord record = new PatientRecord(c.record().patientId(), c.record().patient().orElse(null), resources);
                Decision after = engine.decide(extractor.extract(record, c.evaluationDate()));
                if (caution(after.outcome()) < caution(before.outcome())) {
                    // Section 2: a fall Condition is a falls screen; the screen R20 asked for is then on record.
                    if (before.ruleIds().equals(List.of("R20")) && !after.fired("R20") && after.outcome() != Outcome.RECOMMEND) {
                        screenedByAFall++;
                        continue;
                    }
                    lessCautious.add(c.id() + " " + before.outcome() + " " + before.ruleIds() + " + a finding of " + finding.from() + " -> "
                            + after.outcome() + " " + after.ruleIds());
                }
            }
        }
        System.out.println("CautionPropertyTest: " + pool.size() + " findings, " + pairs + " record-finding pairs, " + screenedByAFall
                + " where a fall was the falls screen R20 asked for");
        assertTrue(pool.size() > 100 && pairs > 10_000, pool.size() + " findings, " + pairs + " pairs: is the case table read?");
        assertEquals(List.of(), lessCautious);
    }

    private record Finding(String from, LocalDate date, Resource resource) {}

    /** Advise against > assess first > modify > recommend. */
    private static int caution(Outcome outcome) {
        return switch (outcome) {
            case RECOMMEND -> 0;
            case MODIFY -> 1;
            case ASSESS_FIRST -> 2;
            case ADVISE_AGAINST, NO_CARD -> 3;
        };
    }

}
