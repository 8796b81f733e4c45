package org.retrowalk.cds.orders;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.Action;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.Suggestion;
import org.retrowalk.cds.decision.ClinicalCases;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * Every ServiceRequest a card suggests, for every patient of the clinical case table, is valid: programme
 * orders against our backward-walking prescription profile, assessment and referral orders against US Core
 * ServiceRequest. HAPI's validator, offline. Errors fail the test, and so does any warning on a programme
 * order. Assessment and referral orders may draw warnings on their code only: their local codes lie outside
 * US Core's extensible procedure-code binding (allowed where no suitable code exists), and SNOMED and LOINC
 * cannot be expanded offline.
 */
@QuarkusTest
class SuggestedOrdersConformTest {

    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;
    @Inject
    CardFactory cards;
    @Inject
    ProfileValidator validator;

    @Test
    void everySuggestedOrderConformsToItsProfile() {
        // Orders differ mostly by patient; validating each distinct one keeps this test quick.
        Map<String, ServiceRequest> distinct = new LinkedHashMap<>();
        int programmes = 0;
        for (ClinicalCases.Case c : ClinicalCases.all()) {
            ClinicalFacts facts = extractor.extract(c.record(), c.evaluationDate());
            for (Card card : cards.patientView(engine.decide(facts), facts, "Practitioner/physio-1")) {
                for (Suggestion suggestion : card.suggestions()) {
                    for (Action action : suggestion.actions()) {
                        ServiceRequest order = (ServiceRequest) action.resource();
                        distinct.putIfAbsent(FhirContextProducer.jsonParser().encodeResourceToString(order), order);
                    }
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (ServiceRequest order : distinct.values()) {
            boolean programme = order.getMeta().hasProfile(ProfileValidator.PRESCRIPTION_PROFILE);
            programmes += programme ? 1 : 0;
            ValidationResult result = validator.validate(order, programme ? ProfileValidator.PRESCRIPTION_PROFILE : ProfileValidator.US_CORE_SERVICE_REQUEST);
            result.getMessages().stream()
                    .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()
                            || (m.getSeverity() == ResultSeverityEnum.WARNING && (programme || !m.getLocationString().equals("ServiceRequest.code"))))
                    .forEach(m -> failures.add(order.getCode().getText() + ": " + m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage()));
        }
        assertTrue(programmes >= 5, "programme orders of several kinds were validated: " + programmes);
        assertTrue(distinct.size() > programmes, "assessment and referral orders were validated too");
        assertTrue(failures.isEmpty(), "suggested orders that do not conform:\n" + String.join("\n", failures));
    }
}
