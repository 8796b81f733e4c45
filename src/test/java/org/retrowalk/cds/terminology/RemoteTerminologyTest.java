package org.retrowalk.cds.terminology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.server.TestTerminologyServer;
import org.retrowalk.cds.parameters.BalanceTest;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.record.PatientRecord;

/**
 * With retrowalk.terminology.server set, codes the shipped expansions lack are asked of the terminology server
 * (ValueSet/$validate-code, the definition sent inline) through HAPI's remote terminology support, cached, and
 * never waited for longer than the call's budget.
 */
class RemoteTerminologyTest {

    static final String SCT = CodeSystems.SNOMED;
    static final LocalDate TODAY = LocalDate.of(2026, 11, 21);
    static TestTerminologyServer server;
    static final ClinicalParameters PARAMETERS = parameters();

    static List<String> extraValueSets() {
        List<String> extra = new java.util.ArrayList<>(PARAMETERS.fallRiskDrugClasses());
        extra.addAll(PARAMETERS.anticoagulants().classes());
        for (BalanceTest test : BalanceTest.values()) {
            extra.add(test.valueSetId());
        }
        return extra;
    }

    static ClinicalParameters parameters() {
        try (var in = java.nio.file.Files.newInputStream(Path.of("rules", "parameters.yaml"))) {
            return ClinicalParameters.read(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A server of its own for each test: a slow test's late answers must not land in the next test's count. */
    @BeforeEach
    void start() throws Exception {
        server = new TestTerminologyServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Terminology terminology(Duration timeout) {
        RemoteTerminology remote = new RemoteTerminology(FhirContextProducer.shared(), server.base(), timeout, Duration.ofHours(1), 1000, 2);
        return new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(Path.of("fhir-profiles")), extraValueSets(), List.of(), remote);
    }

    static ClinicalFacts extract(Terminology terminology, Resource... resources) {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1960-01-01"));
        Condition kneeOa = new Condition().setCode(concept("239873007"));
        kneeOa.setId("oa");
        List<Resource> all = new java.util.ArrayList<>(List.of(patient, kneeOa));
        all.addAll(List.of(resources));
        return new FactExtractor(terminology, PARAMETERS).extract(new PatientRecord("p1", patient, all.subList(1, all.size())), TODAY);
    }

    static CodeableConcept concept(String code) {
        CodeableConcept concept = new CodeableConcept();
        concept.addCoding().setSystem(SCT).setCode(code);
        return concept;
    }

    static Device device(String code) {
        Device d = new Device();
        d.setId("d-" + code);
        d.setType(concept(code));
        return d;
    }

    @Test
    void aDescendantTheExpansionLacksIsFoundByTheServerAndCached() {
        Terminology terminology = terminology(Duration.ofSeconds(5));
        ClinicalFacts facts = extract(terminology, device("467158009"));
        assertTrue(facts.mobility().isWheelchair(), "a powered wheelchair, by the server's is-a");
        assertTrue(server.asked().stream().anyMatch(q -> q.equals(SCT + "|467158009 in MobilityWheelchair")), server.asked().toString());
        int asked = server.asked().size();
        assertTrue(extract(terminology, device("467158009")).mobility().isWheelchair());
        assertEquals(asked, server.asked().size(), "the second call is answered from the cache");
    }

    @Test
    void codesTheExpansionsHoldAreNeverAsked() {
        Terminology terminology = terminology(Duration.ofSeconds(5));
        assertTrue(terminology.get(ClinicalValueSet.MOBILITY_WHEELCHAIR).contains(SCT, "705427004"));
        assertTrue(server.asked().isEmpty(), server.asked().toString());
        assertFalse(terminology.get(ClinicalValueSet.MOBILITY_WHEELCHAIR).contains(CodeSystems.ICD10CM, "Z99.3"),
                "ICD-10 is decided by its prefixes, offline");
        assertTrue(server.asked().isEmpty(), server.asked().toString());
    }

    @Test
    void aSlowServerNeverMakesTheCallWaitLongerThanItsBudget() {
        server.delay(2_000);
        {
            Terminology terminology = terminology(Duration.ofMillis(200));
            long started = System.nanoTime();
            ClinicalFacts facts = extract(terminology, device("467158009"),
                    new Condition().setCode(concept("230258005")));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 1_500, "waited " + millis + " ms for a server that takes 2 s");
            assertFalse(facts.mobility().isWheelchair(), "unknown in time: the shipped expansion decides");
            assertTrue(facts.notes().stream().anyMatch(n -> n.text().contains("terminology server did not answer in time")), facts.notes().toString());
        }
    }

    @Test
    void anUnreachableServerNeverFailsTheCall() {
        RemoteTerminology remote = new RemoteTerminology(FhirContextProducer.shared(), "http://127.0.0.1:1/fhir", Duration.ofMillis(300),
                Duration.ofHours(1), 1000, 2);
        Terminology terminology = new Terminology(FhirContextProducer.shared(), Terminology.Source.directory(Path.of("fhir-profiles")),
                extraValueSets(), List.of(), remote);
        ClinicalFacts facts = extract(terminology, device("467158009"), device("705427004"));
        assertTrue(facts.mobility().isWheelchair(), "the shipped expansion still decides what it holds");
        assertTrue(facts.kneeOa().isActive());
    }
}
