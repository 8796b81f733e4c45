package org.retrowalk.cds.api;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Optional: the service reads a patient from any FHIR R4 server, for example the HAPI FHIR JPA server of
 * the deployment stack. Run with
 * {@code ./mvnw verify -Dtest=ExternalFhirServerTest -Dretrowalk-test.it.fhir-server=http://localhost:8090/fhir
 * -Dretrowalk-test.it.patient-id=123 [-Dretrowalk-test.it.token=...]}; skipped when no server is given.
 */
@QuarkusTest
class ExternalFhirServerTest {

    @Test
    void readsAPatientFromTheGivenServer() {
        String server = System.getProperty("retrowalk-test.it.fhir-server");
        String patientId = System.getProperty("retrowalk-test.it.patient-id");
        assumeTrue(server != null && patientId != null,
                "skipped: set -Dretrowalk-test.it.fhir-server=<base URL> and -Dretrowalk-test.it.patient-id=<id> to test against a real FHIR server");
        var response = ServerCalls.post(ServerCalls.none(patientId, server, System.getProperty("retrowalk-test.it.token")));
        response.then().statusCode(200).body("cards", notNullValue());
        if (!response.jsonPath().getList("cards").isEmpty()) {
            response.then().body("cards[0].extension.'org.retrowalk.decision'.outcome",
                    anyOf(equalTo("RECOMMEND"), equalTo("MODIFY"), equalTo("ADVISE_AGAINST"), equalTo("ASSESS_FIRST")))
                    .body("cards[0].extension.'org.retrowalk.decision'.dataComplete", equalTo(true));
        }
    }
}
