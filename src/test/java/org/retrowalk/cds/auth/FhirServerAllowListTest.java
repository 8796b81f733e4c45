package org.retrowalk.cds.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.server.FhirTestServer;

/**
 * fhirServer is fetched only where the calling EHR may send requests and its token (SSRF): with authentication on,
 * the issuer's fhir-servers list decides. Local listeners stand in for internal hosts: one the EHR may not name,
 * and one it may, which answers every request with a redirect to the first. Neither a request nor the token may
 * reach the first.
 */
@QuarkusTest
@TestProfile(FhirServerAllowListTest.AuthOnWithAllowList.class)
class FhirServerAllowListTest {

    static final String SERVICE = "/cds-services/backward-walking-patient-view";
    static final String EHR_TOKEN_FOR_FHIR = "fhir-token-0c41";
    static HttpServer internal;
    static HttpServer redirecting;
    static final List<String> internalSaw = new CopyOnWriteArrayList<>();

    public static class AuthOnWithAllowList implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Static: the profile is read in another class loader than the test's, which starts the listeners.
            // The test FHIR server and the redirecting listener serve under /fhir on loopback; the internal one does not.
            Map<String, String> config = new HashMap<>(TestKeys.config());
            config.remove("retrowalk.auth.issuers.ec.fhir-servers");
            config.put("retrowalk.auth.issuers.ec.fhir-servers", "http://127.0.0.1:*/fhir");
            return config;
        }
    }

    static synchronized void start() {
        if (internal != null) {
            return;
        }
        try {
            internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            internal.createContext("/internal", exchange -> {
                internalSaw.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
            });
            internal.start();
            redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            redirecting.createContext("/fhir/redirecting", exchange -> {
                exchange.getResponseHeaders().add("Location", base(internal) + exchange.getRequestURI().getRawPath().replaceFirst("^/fhir/redirecting", ""));
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            redirecting.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (server == internal ? "/internal" : "/fhir/redirecting");
    }

    @AfterAll
    static void stop() {
        internal.stop(0);
        redirecting.stop(0);
    }

    @BeforeAll
    static void listen() {
        start();
        internalSaw.clear();
    }

    static String token() {
        JwtClaims claims = TestKeys.claims(TestKeys.EC_ISSUER);
        return TestKeys.sign(claims, TestKeys.key("ec"), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    }

    static String noPrefetch(String fhirServer) {
        return """
                {"hook":"patient-view","hookInstance":"%s","fhirServer":"%s",
                 "fhirAuthorization":{"access_token":"%s","token_type":"Bearer","expires_in":300,"scope":"patient/*.read","subject":"cds"},
                 "context":{"userId":"Practitioner/1","patientId":"ex-recommend"}}"""
                .formatted(java.util.UUID.randomUUID(), fhirServer, EHR_TOKEN_FOR_FHIR);
    }

    io.restassured.response.ValidatableResponse call(String fhirServer) {
        return given().header("Authorization", "Bearer " + token()).contentType(ContentType.JSON).body(noPrefetch(fhirServer))
                .post(SERVICE).then();
    }

    @Test
    void aServerTheEhrMayNotNameIsRefusedAndNeverFetched() {
        call(base(internal)).statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("fhirServer"))
                .body(not(containsString(EHR_TOKEN_FOR_FHIR)));
        call("http://127.0.0.1:" + internal.getAddress().getPort() + "/").statusCode(400);
        call("http://127.0.0.1:" + internal.getAddress().getPort() + "/fhir/../internal").statusCode(400);
        assertTrue(internalSaw.isEmpty(), "the internal listener was sent " + internalSaw);
    }

    @Test
    void schemesUserInfoAndLookAlikePathsAreRefused() {
        call("file:///etc/passwd").statusCode(400);
        call("jar:http://127.0.0.1/x.jar!/").statusCode(400);
        call(FhirTestServer.get().base().replace("http://", "http://user:pass@")).statusCode(400);
        call(FhirTestServer.get().base() + "-admin").statusCode(400);
        call(FhirTestServer.get().base().replace("127.0.0.1", "localhost")).statusCode(400);
        assertTrue(internalSaw.isEmpty(), "the internal listener was sent " + internalSaw);
    }

    @Test
    void aRedirectIsNeverFollowedWithTheToken() {
        int status = call(base(redirecting)).extract().statusCode();
        assertTrue(status == 200 || status == 412, "a redirect is a failed read, answered cautiously or refused, never 5xx: " + status);
        assertEquals(List.of(), internalSaw, "nothing reached the redirect's target");
    }

    @Test
    void aServerOnTheEhrsListIsRead() {
        call(FhirTestServer.get().base()).statusCode(200);
        call(FhirTestServer.get().base() + "/").statusCode(200);
    }

    @Test
    void theAllowListMatchesSchemeHostPortAndWholePathSegments() {
        FhirServerAllowList list = issuerA("https://ehr.test/fhir/r4,http://10.1.2.3:*");
        assertTrue(list.refusal("a", "https://ehr.test/fhir/r4").isEmpty());
        assertTrue(list.refusal("a", "https://EHR.test:443/fhir/r4/").isEmpty());
        assertTrue(list.refusal("a", "https://ehr.test/fhir/r4/tenant-2").isEmpty());
        assertFalse(list.refusal("a", "https://ehr.test/fhir/r4b").isEmpty(), "a path prefix ends at a segment");
        assertFalse(list.refusal("a", "http://ehr.test/fhir/r4").isEmpty(), "the scheme counts");
        assertFalse(list.refusal("a", "https://ehr.test:8443/fhir/r4").isEmpty(), "the port counts");
        assertFalse(list.refusal("a", "https://ehr.test.evil.example/fhir/r4").isEmpty());
        assertTrue(list.refusal("a", "http://10.1.2.3:8080/fhir").isEmpty(), ":* is any port");
        assertFalse(list.refusal("b", "https://ehr.test/fhir/r4").isEmpty(), "another EHR's list is not this one's");
        FhirServerAllowList open = new FhirServerAllowList(IssuerConfigurationTest.settings(Map.of("retrowalk.auth.enabled", "false")));
        assertTrue(open.refusal(null, "http://127.0.0.1:8090/fhir").isEmpty(), "authentication off: loopback by default");
        assertTrue(open.refusal(null, "http://localhost:8090/fhir").isEmpty());
        assertFalse(open.refusal(null, "http://169.254.169.254/latest/meta-data").isEmpty());
        assertFalse(open.refusal(null, "http://intranet.hospital.example/fhir").isEmpty());
    }

    /** Paths a server or client may read as another path: refused before anything is sent, whatever the allow-list. */
    @Test
    void pathsThatAServerMayReadAsAnotherPathAreRefused() {
        FhirServerAllowList list = new FhirServerAllowList(IssuerConfigurationTest.settings(Map.of("retrowalk.auth.enabled", "false",
                "retrowalk.auth.open-fhir-servers", "http://allowed.test:8080/fhir")));
        assertTrue(list.refusal(null, "http://allowed.test:8080/fhir").isEmpty());
        assertTrue(list.refusal(null, "http://allowed.test:8080/fhir/r4/").isEmpty());
        for (String odd : List.of("/fhir/..;/other", "/fhir/.;/x", "/fhir;jsessionid=1", "/fhir/r4;v=2", "/fhir/%2e%2e/other",
                "/fhir/.%2E/other", "/fhir/%2fother", "/fhir/%5Cother", "/fhir/%3b", "/fhir/%252e%252e/other", "/fhir/%41",
                "/fhir/../other", "/fhir/./r4", "/fhir//r4", "/fhir/...", "/fhir/r4/..")) {
            assertFalse(list.refusal(null, "http://allowed.test:8080" + odd).isEmpty(), odd);
        }
    }

    /** The circuit breaker's key: the allow-list entry a URL is under, so that a sub-path shares its base's breaker. */
    @Test
    void theBaseOfAUrlIsItsMostSpecificAllowListEntry() {
        FhirServerAllowList list = issuerA("https://ehr.test/fhir,https://ehr.test/fhir/r4,http://10.1.2.3:*");
        assertEquals(java.util.Optional.of("https://ehr.test:443/fhir/r4"), list.baseOf("https://EHR.test/fhir/r4/tenant-2"));
        assertEquals(java.util.Optional.of("https://ehr.test:443/fhir"), list.baseOf("https://ehr.test:443/fhir/other"));
        assertEquals(java.util.Optional.of("http://10.1.2.3:8080"), list.baseOf("http://10.1.2.3:8080/fhir"));
        assertEquals(java.util.Optional.empty(), list.baseOf("https://elsewhere.test/fhir"));
    }

    /** Authentication on, one trusted EHR "a" that may name these FHIR servers. */
    private static FhirServerAllowList issuerA(String fhirServers) {
        return new FhirServerAllowList(IssuerConfigurationTest.settings(Map.of(
                "retrowalk.auth.enabled", "true", "retrowalk.auth.audience", "https://cds.test/cds-services",
                "retrowalk.auth.issuers.a.iss", "https://a.test", "retrowalk.auth.issuers.a.jwks-file", "x",
                "retrowalk.auth.issuers.a.fhir-servers", fhirServers)));
    }
}
