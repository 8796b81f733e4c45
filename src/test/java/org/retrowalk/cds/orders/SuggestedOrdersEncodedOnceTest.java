package org.retrowalk.cds.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
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
import org.retrowalk.cds.fhir.EncodedOnce;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * The JSON of every suggested order comes from a template encoded once per shape (EncodedOnce): for every
 * patient of the clinical case table and every kind of requester, it is the JSON HAPI writes for the order.
 */
@QuarkusTest
class SuggestedOrdersEncodedOnceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;
    @Inject
    CardFactory cards;
    @Inject
    ObjectMapper mapper;

    @Test
    void everySuggestedOrderIsWrittenAsHapiWritesIt() throws Exception {
        int templated = 0;
        for (String requester : Arrays.asList("Practitioner/physio-1", "PractitionerRole/role-2", "Patient/not-a-requester", null)) {
            for (ClinicalCases.Case c : ClinicalCases.all()) {
                ClinicalFacts facts = extractor.extract(c.record(), c.evaluationDate());
                for (Card card : cards.patientView(engine.decide(facts), facts, requester)) {
                    for (Suggestion suggestion : card.suggestions()) {
                        for (Action action : suggestion.actions()) {
                            ServiceRequest order = (ServiceRequest) action.resource();
                            String attached = (String) order.getUserData(EncodedOnce.JSON);
                            assertNotNull(attached, c.id() + ": " + order.getCode().getText() + " has its JSON from a template");
                            assertEquals(JSON.readTree(FhirContextProducer.jsonParser().encodeResourceToString(order)), JSON.readTree(attached),
                                    c.id() + ", requester " + requester + ": " + order.getCode().getText());
                            // and that is what the answer carries
                            assertEquals(JSON.readTree(attached), JSON.readTree(mapper.writeValueAsString(action)).get("resource"));
                            templated++;
                        }
                    }
                }
            }
        }
        assertTrue(templated > 400, "orders checked: " + templated);
    }

    @Test
    void textIsEscapedAndNeverFilledTwice() throws Exception {
        EncodedOnce once = new EncodedOnce();
        for (String display : List.of("Osteoarthritis of \"left\" knee \\ @@slot0@@", "Gonarthrose")) {
            ServiceRequest order = build("p1", display);
            once.attach(order, "test", List.of(EncodedOnce.Slot.id("p1"), EncodedOnce.Slot.text(display)), v -> build(v.get(0), v.get(1)));
            assertEquals(JSON.readTree(FhirContextProducer.jsonParser().encodeResourceToString(order)),
                    JSON.readTree((String) order.getUserData(EncodedOnce.JSON)), display);
        }
    }

    @Test
    void anIdThatIsNotAFhirIdIsEncodedByHapi() {
        EncodedOnce once = new EncodedOnce();
        String id = "p1\"},\"status\":\"active";
        Base order = once.attach(build(id, "x"), "test", List.of(EncodedOnce.Slot.id(id), EncodedOnce.Slot.text("x")), v -> build(v.get(0), v.get(1)));
        assertNull(order.getUserData(EncodedOnce.JSON));
    }

    private static ServiceRequest build(String patientId, String display) {
        ServiceRequest order = new ServiceRequest();
        order.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        order.getSubject().setReference("Patient/" + patientId);
        order.addReasonReference().setDisplay(display);
        return order;
    }
}
