package org.retrowalk.cds.cdshooks;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.jboss.logging.Logger;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.clinical.ClinicalFacts;
import org.retrowalk.cds.clinical.FactExtractor;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.PatientRecord;

/**
 * Runs one synthetic patient through the whole pipeline at start-up: HAPI's model scan, the rule base and
 * the card templates then cost their second or so before the first clinician waits, not during.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    void onStart(@Observes StartupEvent event, FactExtractor extractor, DecisionEngine engine, CardFactory cards) {
        long started = System.nanoTime();
        Patient patient = new Patient();
        patient.setId("warm-up");
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-01-01"));
        Condition kneeOa = new Condition();
        kneeOa.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("239873007");
        String json = FhirContextProducer.jsonParser().encodeResourceToString(patient);
        FhirContextProducer.jsonParser().parseResource(json);
        ClinicalFacts facts = extractor.extract(new PatientRecord("warm-up", patient, List.of(kneeOa)), LocalDate.now());
        Decision decision = engine.decide(facts);
        cards.patientView(decision, facts, null);
        LOG.infof("Warmed up in %d ms (rule set %s, outcome of the synthetic patient %s)",
                (System.nanoTime() - started) / 1_000_000, decision.ruleSetVersion(), decision.outcome());
    }
}
