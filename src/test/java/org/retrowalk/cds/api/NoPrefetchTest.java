package org.retrowalk.cds.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.server.FhirTestServer;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.CircuitBreakers;
import org.retrowalk.cds.record.RecordQueries;

/**
 * What the prefetch lacks comes from the EHR's FHIR server (a real HAPI server in this JVM): the answer is
 * the same with full, partial and no prefetch, for every patient on the server.
 */
@QuarkusTest
class NoPrefetchTest {

    @Inject
    RecordQueries queries;
    @Inject
    CircuitBreakers breakers;

    final FhirTestServer server = FhirTestServer.get();

    @BeforeEach
    void reset() {
        server.clear();
        breakers.reset();
    }

    static List<TestPatients.TestPatient> patients() {
        return ServerCalls.patients();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patients")
    void sameAnswerWithFullPartialAndNoPrefetch(TestPatients.TestPatient patient) {
        Response full = ServerCalls.post(ServerCalls.full(queries, patient));
        full.then().statusCode(200);
        JsonNode expected = ServerCalls.decision(full);

        Response none = ServerCalls.post(ServerCalls.none(patient.id(), server.base(), FhirTestServer.GOOD_TOKEN));
        none.then().statusCode(200);
        assertSame(expected, ServerCalls.decision(none), "no prefetch");

        Response partial = ServerCalls.post(ServerCalls.partial(queries, patient, server.base(), FhirTestServer.GOOD_TOKEN,
                Set.of("patient", "conditions", "medicationRequests")));
        partial.then().statusCode(200);
        assertSame(expected, ServerCalls.decision(partial), "partial prefetch");
    }

    private static void assertSame(JsonNode expected, JsonNode actual, String how) {
        if (expected == null) {
            assertEquals(null, actual, how + ": no card, as with full prefetch");
            return;
        }
        assertNotNull(actual, how + ": a card, as with full prefetch");
        assertEquals(expected.get("outcome"), actual.get("outcome"), how);
        assertEquals(expected.get("rules"), actual.get("rules"), how);
        assertEquals(expected.get("modifications"), actual.get("modifications"), how);
        assertTrue(actual.get("dataComplete").asBoolean(), how + ": the whole record was read");
    }

    @Test
    void searchesArePagedAndEveryPageIsRead() {
        TestPatients.TestPatient bo = patients().stream().filter(p -> p.name().startsWith("Bo157")).findFirst().orElseThrow();
        long conditions = bo.resources().stream().filter(r -> r.fhirType().equals("Condition")).count();
        assertTrue(conditions > FhirTestServer.PAGE_SIZE, "the test needs more conditions than one page holds");
        ServerCalls.post(ServerCalls.none(bo.id(), server.base(), FhirTestServer.GOOD_TOKEN)).then().statusCode(200);
        assertTrue(server.requests() > queries.all().size(), "next pages were requested: " + server.requests());
    }

    @Test
    void serverTimingSetsTheFhirReadsApartFromTheWholeAnswer() {
        TestPatients.TestPatient patient = patients().get(0);
        String read = ServerCalls.post(ServerCalls.none(patient.id(), server.base(), FhirTestServer.GOOD_TOKEN))
                .then().statusCode(200).extract().header("Server-Timing");
        Matcher timing = Pattern.compile("fhir;dur=(\\d+\\.\\d);desc=\"FHIR server reads\", total;dur=(\\d+\\.\\d)").matcher(String.valueOf(read));
        assertTrue(timing.matches(), read);
        double fhir = Double.parseDouble(timing.group(1));
        double total = Double.parseDouble(timing.group(2));
        assertTrue(fhir > 0 && fhir <= total, read);

        String prefetched = ServerCalls.post(ServerCalls.full(queries, patient)).then().statusCode(200).extract().header("Server-Timing");
        assertTrue(String.valueOf(prefetched).matches("total;dur=\\d+\\.\\d"), "nothing was read from a FHIR server: " + prefetched);
    }

    @Test
    void theBearerTokenReachesTheFhirServer() {
        server.fault(FhirTestServer.Fault.requireToken());
        TestPatients.TestPatient patient = patients().get(0);
        Response response = ServerCalls.post(ServerCalls.none(patient.id(), server.base(), FhirTestServer.GOOD_TOKEN));
        response.then().statusCode(200);
        assertTrue(ServerCalls.decision(response).get("dataComplete").asBoolean());
        assertTrue(server.authorizations().size() >= queries.all().size(), "every query reached the server");
        assertTrue(server.authorizations().stream().allMatch(("Bearer " + FhirTestServer.GOOD_TOKEN)::equals), server.authorizations().toString());
    }

    @Test
    void aPrefetchedFirstPageIsContinuedFromTheServer() {
        TestPatients.TestPatient bo = patients().stream().filter(p -> p.name().startsWith("Bo157")).findFirst().orElseThrow();
        JsonNode expected = ServerCalls.decision(ServerCalls.post(ServerCalls.full(queries, bo)));
        // The EHR prefetched only the first page of the conditions: the rest is behind its next link.
        Bundle firstPage = FhirContextProducer.shared().newRestfulGenericClient(server.base()).search()
                .byUrl("Condition?patient=" + bo.id()).returnBundle(Bundle.class).execute();
        assertNotNull(firstPage.getLink(Bundle.LINK_NEXT));
        ObjectNode request = ServerCalls.partial(queries, bo, server.base(), FhirTestServer.GOOD_TOKEN,
                Set.of("patient", "observations", "medicationRequests", "medicationStatements", "devices", "deviceUseStatements",
                        "procedures", "serviceRequests"));
        ((ObjectNode) request.get("prefetch")).set("conditions", Requests.tree(firstPage));
        server.clear();
        Response response = ServerCalls.post(request);
        response.then().statusCode(200);
        assertSame(expected, ServerCalls.decision(response), "first page prefetched, the rest read");
        assertTrue(server.requests() >= 1, "the next page was read from the server");
    }

    /** Authentication off: any caller may name only a loopback server, so the quick start works and nothing else is reachable. */
    @Test
    void withAuthenticationOffOnlyLoopbackServersMayBeNamed() {
        for (String elsewhere : List.of("http://intranet.hospital.example/fhir", "http://169.254.169.254/latest", "http://10.0.0.7:8080/fhir")) {
            ServerCalls.post(ServerCalls.none("ex-recommend", elsewhere, FhirTestServer.GOOD_TOKEN)).then().statusCode(400)
                    .body("issue[0].diagnostics", org.hamcrest.Matchers.containsString("retrowalk.auth.open-fhir-servers"))
                    .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(FhirTestServer.GOOD_TOKEN)));
        }
    }
}
