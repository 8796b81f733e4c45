package org.retrowalk.cds.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.api.ExampleRequests;

/**
 * CDS Hooks client authentication with real keys and signatures: every forged, expired, misaddressed or
 * replayed token gets 401 with no detail; valid ES384 and RS384 tokens get through.
 */
@QuarkusTest
@TestProfile(ClientAuthTest.AuthOn.class)
class ClientAuthTest {

    public static class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return TestKeys.config();
        }
    }

    static final String SERVICE = "/cds-services/backward-walking-patient-view";

    String valid(Consumer<JwtClaims> change) {
        JwtClaims claims = TestKeys.claims(TestKeys.EC_ISSUER);
        change.accept(claims);
        return TestKeys.sign(claims, TestKeys.key("ec"), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
    }

    void refused(String authorization) {
        var request = given().contentType(ContentType.JSON).body(ExampleRequests.recommend());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.post(SERVICE).then().statusCode(401).body(emptyString());
    }

    void accepted(String token) {
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(ExampleRequests.recommend())
                .post(SERVICE).then().statusCode(200);
    }

    @Test
    void validEs384TokenIsAccepted() {
        accepted(valid(c -> { }));
    }

    @Test
    void validRs384TokenIsAccepted() {
        accepted(TestKeys.sign(TestKeys.claims(TestKeys.RSA_ISSUER), TestKeys.key("rsa"), AlgorithmIdentifiers.RSA_USING_SHA384));
    }

    @Test
    void discoveryNeedsATokenToo() {
        given().get("/cds-services").then().statusCode(401).body(emptyString());
        given().header("Authorization", "Bearer " + valid(c -> c.setAudience(TestKeys.AUDIENCE))).get("/cds-services").then().statusCode(200);
    }

    /** CDS Hooks 2.0: aud is the URL of the endpoint invoked, so each endpoint has its own, and a token serves only its own. */
    @Test
    void eachEndpointHasItsOwnAudience() {
        given().header("Authorization", "Bearer " + valid(c -> { })).get("/cds-services")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"").body(emptyString());
        refused("Bearer " + valid(c -> c.setAudience(TestKeys.AUDIENCE)));
        refused("Bearer " + valid(c -> c.setAudience(TestKeys.AUDIENCE + "/backward-walking-order-sign")));
        refused("Bearer " + valid(c -> c.setAudience(TestKeys.PATIENT_VIEW_AUDIENCE + "/feedback")));
        refused("Bearer " + valid(c -> c.setAudience("https://cds.test/cds-services/backward-walking-patient-view/../order-sign")));
        accepted(valid(c -> c.setAudience(List.of("https://other.test/cds-services/backward-walking-patient-view", TestKeys.PATIENT_VIEW_AUDIENCE))));
        accepted(valid(c -> c.setAudience(TestKeys.PATIENT_VIEW_AUDIENCE + "/")));
    }

    /**
     * The calls of the CDS Hooks sandbox, as it signs them: ES384, a jku on the allow-list, and each call's aud the
     * URL of the endpoint it invokes. Discovery, both services and feedback are accepted.
     */
    @Test
    void everyCallOfASpecConformantEhrIsAccepted() throws Exception {
        given().header("Authorization", "Bearer " + sandbox(TestKeys.AUDIENCE)).get("/cds-services").then().statusCode(200);
        given().header("Authorization", "Bearer " + sandbox(TestKeys.PATIENT_VIEW_AUDIENCE)).contentType(ContentType.JSON)
                .body(ExampleRequests.fresh("recommend-55-year-old.json")).post(SERVICE).then().statusCode(200);
        given().header("Authorization", "Bearer " + sandbox(TestKeys.AUDIENCE + "/backward-walking-order-sign")).contentType(ContentType.JSON)
                .body(ExampleRequests.fresh("order-sign-missing-safety-measures.json")).post("/cds-services/backward-walking-order-sign")
                .then().statusCode(200);
        String feedback = "{\"feedback\":[{\"card\":\"" + java.util.UUID.randomUUID() + "\",\"outcome\":\"overridden\","
                + "\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"}]}";
        given().header("Authorization", "Bearer " + sandbox(TestKeys.PATIENT_VIEW_AUDIENCE + "/feedback")).contentType(ContentType.JSON)
                .body(feedback).post(SERVICE + "/feedback").then().statusCode(200);
    }

    private static String sandbox(String audience) throws Exception {
        JwtClaims claims = TestKeys.claims(TestKeys.EC_ISSUER);
        claims.setAudience(audience);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(TestKeys.key("ec").getPrivateKey());
        jws.setKeyIdHeaderValue("ec-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
        jws.setHeader("jku", "https://keys.ehr-ec.test/jwks.json");
        return jws.getCompactSerialization();
    }

    @Test
    void theAudienceIsNeverTakenFromTheHostHeader() {
        refused("Bearer " + valid(c -> c.setAudience("http://localhost:8081/cds-services/backward-walking-patient-view")));
        given().header("Host", "evil.test").header("Authorization", "Bearer " + valid(c -> c.setAudience(
                        "http://evil.test/cds-services/backward-walking-patient-view")))
                .contentType(ContentType.JSON).body(ExampleRequests.recommend()).post(SERVICE).then().statusCode(401);
    }

    @Test
    void every401SaysHowToAuthenticate() {
        given().get("/cds-services").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/cds-services").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer not-a-jwt").get("/cds-services").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        given().header("Authorization", "Bearer " + valid(c -> c.setExpirationTime(TestKeys.minutesFromNow(-1))))
                .contentType(ContentType.JSON).body(ExampleRequests.recommend()).post(SERVICE).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").body(emptyString());
    }

    @Test
    void missingHeader() {
        refused(null);
    }

    @Test
    void notABearerToken() {
        refused("Basic dXNlcjpwYXNz");
    }

    @Test
    void notAJwt() {
        refused("Bearer not-a-jwt");
    }

    @Test
    void algNone() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestKeys.claims(TestKeys.EC_ISSUER).toJson());
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setKeyIdHeaderValue("ec-1");
        refused("Bearer " + jws.getCompactSerialization());
    }

    @Test
    void hs256SignedWithThePublicKey() throws Exception {
        PublicJsonWebKey ec = TestKeys.key("ec");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestKeys.claims(TestKeys.EC_ISSUER).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue("ec-1");
        jws.setKey(new HmacKey(ec.getPublicKey().getEncoded()));
        jws.setDoKeyValidation(false);
        refused("Bearer " + jws.getCompactSerialization());
    }

    @Test
    void expired() {
        refused("Bearer " + valid(c -> {
            c.setIssuedAt(TestKeys.minutesFromNow(-20));
            c.setExpirationTime(TestKeys.minutesFromNow(-10));
        }));
    }

    @Test
    void notYetValid() {
        refused("Bearer " + valid(c -> c.setNotBefore(TestKeys.minutesFromNow(10))));
    }

    @Test
    void issuedInTheFuture() {
        refused("Bearer " + valid(c -> c.setIssuedAt(TestKeys.minutesFromNow(10))));
    }

    @Test
    void wrongAudience() {
        refused("Bearer " + valid(c -> c.setAudience("https://another-service.test/cds-services")));
    }

    @Test
    void unknownIssuer() {
        refused("Bearer " + valid(c -> c.setIssuer("https://unknown-ehr.test")));
    }

    @Test
    void unknownKid() throws Exception {
        PublicJsonWebKey ec = TestKeys.key("ec");
        ec.setKeyId("ec-unknown");
        refused("Bearer " + TestKeys.sign(TestKeys.claims(TestKeys.EC_ISSUER), ec, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384));
    }

    @Test
    void tamperedPayload() {
        String[] parts = valid(c -> { }).split("\\.");
        JwtClaims other = TestKeys.claims(TestKeys.EC_ISSUER);
        other.setSubject("someone-else");
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(other.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        refused("Bearer " + parts[0] + "." + payload + "." + parts[2]);
    }

    @Test
    void badSignature() {
        // The right kid, but signed with another issuer's key.
        PublicJsonWebKey rsaAsEc = TestKeys.key("rsa");
        rsaAsEc.setKeyId("rsa-1");
        refused("Bearer " + TestKeys.sign(TestKeys.claims(TestKeys.EC_ISSUER), TestKeys.key("ec"), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384)
                .replaceAll(".{8}$", "AAAAAAAA"));
    }

    @Test
    void replayedJti() {
        String token = valid(c -> { });
        accepted(token);
        refused("Bearer " + token);
    }

    @Test
    void missingJti() {
        refused("Bearer " + valid(c -> c.unsetClaim("jti")));
    }

    @Test
    void wrongTenant() {
        JwtClaims claims = TestKeys.claims(TestKeys.TENANT_ISSUER);
        claims.setClaim("tenant", "hospital-b");
        refused("Bearer " + TestKeys.sign(claims, TestKeys.key("ec"), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384));
        claims.setClaim("tenant", "hospital-a");
        claims.setJwtId(java.util.UUID.randomUUID().toString());
        accepted(TestKeys.sign(claims, TestKeys.key("ec"), AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384));
    }

    @Test
    void jkuOffTheAllowList() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(TestKeys.claims(TestKeys.EC_ISSUER).toJson());
        PublicJsonWebKey ec = TestKeys.key("ec");
        jws.setKey(ec.getPrivateKey());
        jws.setKeyIdHeaderValue("ec-1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
        jws.setHeader("jku", "https://attacker.test/jwks.json");
        refused("Bearer " + jws.getCompactSerialization());
    }

    /** Keys from a JWKS URL: fetched once and cached; a token with a new kid makes the service fetch again. */
    @Test
    void keysFromAJwksUrlAreCachedAndRefreshedForANewKid() throws Exception {
        PublicJsonWebKey rsa = TestKeys.key("rsa");
        accepted(TestKeys.sign(TestKeys.claims(TestKeys.URL_ISSUER), rsa, AlgorithmIdentifiers.RSA_USING_SHA384));
        int fetches = TestKeys.jwksFetches();
        org.junit.jupiter.api.Assertions.assertTrue(fetches >= 1, "the keys were fetched from the URL");
        accepted(TestKeys.sign(TestKeys.claims(TestKeys.URL_ISSUER), rsa, AlgorithmIdentifiers.RSA_USING_SHA384));
        org.junit.jupiter.api.Assertions.assertEquals(fetches, TestKeys.jwksFetches(), "the JWKS was cached");

        // The EHR rotates: a new key with a new kid, published beside the old one.
        PublicJsonWebKey rotated = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
        rotated.setKeyId("rsa-2");
        TestKeys.publish(rsa, rotated);
        Thread.sleep(200); // past the configured minimum interval between refreshes (100 ms in this profile)
        accepted(TestKeys.sign(TestKeys.claims(TestKeys.URL_ISSUER), rotated, AlgorithmIdentifiers.RSA_USING_SHA384));
        org.junit.jupiter.api.Assertions.assertTrue(TestKeys.jwksFetches() > fetches, "the unknown kid made the service fetch again");

        PublicJsonWebKey stranger = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId("rsa-3");
        refused("Bearer " + TestKeys.sign(TestKeys.claims(TestKeys.URL_ISSUER), stranger, AlgorithmIdentifiers.RSA_USING_SHA384));
    }

    @Test
    void thePrivateKeysNeverLeaveTheTestDirectory() throws Exception {
        assertFalse(Files.readString(TestKeys.DIRECTORY.resolve("ec-jwks.json")).contains("\"d\""), "the trusted JWKS holds public keys only");
    }

    String governanceToken() {
        return TestKeys.sign(TestKeys.claims(TestKeys.GOVERNANCE_ISSUER), TestKeys.key("rsa"), AlgorithmIdentifiers.RSA_USING_SHA384);
    }

    @Test
    void governanceReportNeedsAGovernanceToken() {
        given().get("/governance/report").then().statusCode(401).body(emptyString());
        given().header("Authorization", "Bearer " + valid(c -> { })).get("/governance/report").then().statusCode(403).body(emptyString());
        given().header("Authorization", "Bearer not-a-jwt").get("/governance/feedback").then().statusCode(401);
    }

    @Test
    void aGovernanceTokenIsReusedUntilItExpiresButOpensNoCdsService() {
        String token = governanceToken();
        // An identity provider's bearer token serves a whole session: no one-time jti for governance readers.
        given().header("Authorization", "Bearer " + token).get("/governance/report").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).get("/governance/feedback?format=csv").then().statusCode(200);
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(ExampleRequests.recommend())
                .post(SERVICE).then().statusCode(403).body(emptyString());
    }

    @Test
    void feedbackNeedsAnEhrTokenLikeTheServices() {
        String body = "{\"feedback\":[{\"card\":\"" + java.util.UUID.randomUUID() + "\",\"outcome\":\"overridden\","
                + "\"outcomeTimestamp\":\"2026-11-21T10:00:00Z\"}]}";
        given().contentType(ContentType.JSON).body(body).post(SERVICE + "/feedback").then().statusCode(401).body(emptyString());
        given().header("Authorization", "Bearer " + valid(c -> { })).contentType(ContentType.JSON).body(body)
                .post(SERVICE + "/feedback").then().statusCode(401);
        given().header("Authorization", "Bearer " + valid(c -> c.setAudience(TestKeys.PATIENT_VIEW_AUDIENCE + "/feedback")))
                .contentType(ContentType.JSON).body(body).post(SERVICE + "/feedback").then().statusCode(200);
    }
}
