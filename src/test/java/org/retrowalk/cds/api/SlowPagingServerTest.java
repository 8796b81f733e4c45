package org.retrowalk.cds.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.config.FhirReadSettings;
import org.retrowalk.cds.fhir.server.FhirTestServer;
import org.retrowalk.cds.fhir.server.InMemoryStore;
import org.retrowalk.cds.fhir.server.LongChartPatient;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.CircuitBreakers;
import org.retrowalk.cds.record.RecordQueries;

/**
 * The first read of a long chart from a FHIR server that pages like HAPI's JPA server with default settings
 * (pages of at most 200, each follow-on page after 0.58 s): the service's own queries ask only for what the rules
 * use, so the record is read whole within the deadline and the answer is the one the whole record gives. Asking
 * for every observation with the rules' codes, as the prefetch template does, would need four pages: 1.7 s of
 * waiting alone, past the 1.5 s deadline.
 */
@QuarkusTest
class SlowPagingServerTest {

    static final long FOLLOW_ON_PAGE_MILLIS = 580;

    static FhirTestServer server;
    static final TestPatients.TestPatient PATIENT = LongChartPatient.create();

    @Inject
    RecordQueries queries;
    @Inject
    FhirReadSettings settings;
    @Inject
    CircuitBreakers breakers;

    @BeforeAll
    static void start() {
        InMemoryStore store = new InMemoryStore();
        PATIENT.resources().forEach(store::add);
        server = FhirTestServer.pagingLikeJpa(store, FOLLOW_ON_PAGE_MILLIS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.clear();
        breakers.reset();
    }

    @Test
    void theChartReallyIsLongerThanThreePagesOfTheTemplatesObservationQuery() {
        long observations = PATIENT.resources().stream().filter(Observation.class::isInstance).count();
        assertTrue(observations > 3 * 200, "observations: " + observations);
        assertTrue(3 * FOLLOW_ON_PAGE_MILLIS > settings.deadline().toMillis(), "three follow-on pages would miss the deadline");
    }

    @Test
    void aFirstReadWithoutPrefetchIsCompleteWithinTheDeadline() {
        JsonNode whole = ServerCalls.decision(ServerCalls.post(ServerCalls.full(queries, PATIENT)));
        assertEquals("MODIFY", whole.get("outcome").asText(), "the whole record's answer: " + whole);

        Response response = ServerCalls.post(ServerCalls.none(PATIENT.id(), server.base(), FhirTestServer.GOOD_TOKEN));
        response.then().statusCode(200);
        JsonNode decision = ServerCalls.decision(response);
        assertTrue(decision.get("dataComplete").asBoolean(), "read whole: " + decision);
        assertEquals(whole.get("outcome"), decision.get("outcome"));
        assertEquals(whole.get("rules"), decision.get("rules"));
        assertEquals(0, server.followOnPages(), "every query fits one page");
        assertTrue(fhirMillis(response) < settings.deadline().toMillis(), response.header("Server-Timing"));
    }

    @Test
    void aPagedObservationPrefetchIsReadAgainWithTheServicesOwnQueries() {
        JsonNode whole = ServerCalls.decision(ServerCalls.post(ServerCalls.full(queries, PATIENT)));
        ObjectNode request = ServerCalls.full(queries, PATIENT);
        request.put("fhirServer", server.base());
        ObjectNode observations = (ObjectNode) request.get("prefetch").get("observations");
        // The EHR sent its first page of 20 and a link to the rest.
        ((com.fasterxml.jackson.databind.node.ArrayNode) observations.get("entry")).removeIf(e -> true);
        observations.putArray("link").addObject().put("relation", "next").put("url", server.base() + "?_getpages=abc&_getpagesoffset=20");
        JsonNode decision = ServerCalls.decision(ServerCalls.post(request).then().statusCode(200).extract().response());
        assertTrue(decision.get("dataComplete").asBoolean(), "read whole: " + decision);
        assertEquals(whole.get("rules"), decision.get("rules"));
        assertEquals(0, server.followOnPages());
    }

    private static long fhirMillis(Response response) {
        Matcher fhir = Pattern.compile(".*fhir;dur=(\\d+)\\.\\d;.*").matcher(String.valueOf(response.header("Server-Timing")));
        assertTrue(fhir.matches(), response.header("Server-Timing"));
        return Long.parseLong(fhir.group(1));
    }
}
