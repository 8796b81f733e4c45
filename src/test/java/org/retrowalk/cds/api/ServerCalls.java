package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.record.RecordQueries;

/** The patients on the test FHIR server, and requests about them with full, partial or no prefetch. */
final class ServerCalls {

    static final String SERVICE = "/cds-services/backward-walking-patient-view";

    /** A patient on the test server: its id and every resource of its record. */
    static List<TestPatients.TestPatient> patients() {
        return TestPatients.all();
    }

    static ObjectNode full(RecordQueries queries, TestPatients.TestPatient patient) {
        return Requests.patientView(queries, patient.id(), patient.resources());
    }

    /** No prefetch at all: everything from fhirServer with the token. */
    static ObjectNode none(String patientId, String base, String token) {
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("hook", "patient-view");
        request.put("hookInstance", UUID.randomUUID().toString());
        request.put("fhirServer", base);
        if (token != null) {
            request.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "cds-service");
        }
        request.putObject("context").put("userId", "Practitioner/test").put("patientId", patientId);
        return request;
    }

    /** The prefetch keeps only the given keys; the rest must come from fhirServer. */
    static ObjectNode partial(RecordQueries queries, TestPatients.TestPatient patient, String base, String token, Set<String> keep) {
        ObjectNode request = full(queries, patient);
        ((ObjectNode) request.get("prefetch")).retain(keep);
        ObjectNode withServer = none(patient.id(), base, token);
        withServer.set("prefetch", request.get("prefetch"));
        return withServer;
    }

    static Response post(ObjectNode body) {
        return given().contentType(ContentType.JSON).body(body.toString()).post(SERVICE);
    }

    /** The decision extension of the only card, or null when there is no card. */
    static JsonNode decision(Response response) {
        try {
            JsonNode cards = new ObjectMapper().readTree(response.asString()).get("cards");
            return cards.isEmpty() ? null : cards.get(0).get("extension").get("org.retrowalk.decision");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
