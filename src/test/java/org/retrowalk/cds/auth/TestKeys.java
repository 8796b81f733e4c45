package org.retrowalk.cds.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;

/**
 * Real keys for the authentication tests, generated once into target/test-keys: the JWKS files the service
 * trusts (public keys) and the private keys the tests sign with.
 */
public final class TestKeys {

    public static final Path DIRECTORY = Path.of("target", "test-keys");
    /** retrowalk.auth.audience: the public URL of /cds-services; discovery's aud. */
    public static final String AUDIENCE = "https://cds.test/cds-services";
    /** The aud of a patient-view call: the URL of the endpoint invoked. */
    public static final String PATIENT_VIEW_AUDIENCE = AUDIENCE + "/backward-walking-patient-view";
    public static final String GOVERNANCE_AUDIENCE = "retrowalk-governance";
    /** The fhirServer the examples name (the compose stack's HAPI server): each EHR here may name it. */
    static final String EXAMPLE_FHIR_SERVER = "http://localhost:8090/fhir";
    public static final String EC_ISSUER = "https://ehr-ec.test";
    public static final String RSA_ISSUER = "https://ehr-rsa.test";
    public static final String TENANT_ISSUER = "https://ehr-tenant.test";
    public static final String URL_ISSUER = "https://ehr-url.test";
    public static final String GOVERNANCE_ISSUER = "https://idp.hospital.test";
    static final String FETCHES = "retrowalk-test.test.jwks-fetches";

    private static com.sun.net.httpserver.HttpServer jwksServer;

    private TestKeys() {
    }

    public static synchronized void ensure() {
        try {
            if (Files.exists(DIRECTORY.resolve("rsa-private.json"))) {
                return;
            }
            Files.createDirectories(DIRECTORY);
            PublicJsonWebKey ec = EcJwkGenerator.generateJwk(EllipticCurves.P384);
            ec.setKeyId("ec-1");
            ec.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384);
            PublicJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
            rsa.setKeyId("rsa-1");
            rsa.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA384);
            write("ec", ec);
            write("rsa", rsa);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(String name, PublicJsonWebKey key) throws Exception {
        Files.writeString(DIRECTORY.resolve(name + "-jwks.json"), new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        Files.writeString(DIRECTORY.resolve(name + "-private.json"), key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
    }

    public static PublicJsonWebKey key(String name) {
        ensure();
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(Files.readString(DIRECTORY.resolve(name + "-private.json")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A loopback HTTP server publishing the URL issuer's JWKS (target/test-keys/url-jwks.json, initially its RSA
     * key). The test profile and the test class run in different class loaders, each with its own copy of this
     * class: the JWKS is a file and the fetch count a system property, which both copies see.
     */
    public static synchronized String jwksUrl() {
        try {
            if (jwksServer == null) {
                Path published = DIRECTORY.resolve("url-jwks.json");
                Files.writeString(published, Files.readString(DIRECTORY.resolve("rsa-jwks.json")));
                jwksServer = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                jwksServer.createContext("/jwks.json", exchange -> {
                    synchronized (System.getProperties()) {
                        System.setProperty(FETCHES, String.valueOf(jwksFetches() + 1));
                    }
                    byte[] body = Files.readAllBytes(published);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                jwksServer.start();
            }
            return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static int jwksFetches() {
        return Integer.parseInt(System.getProperty(FETCHES, "0"));
    }

    /** Publishes these keys as the URL issuer's JWKS, as an EHR rotating its keys does. */
    public static void publish(PublicJsonWebKey... keys) throws java.io.IOException {
        Files.writeString(DIRECTORY.resolve("url-jwks.json"), new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    public static Map<String, String> config() {
        ensure();
        String url = jwksUrl();
        return Map.ofEntries(
                Map.entry("retrowalk.auth.issuers.url.iss", URL_ISSUER),
                Map.entry("retrowalk.auth.issuers.url.jwks-url", url),
                Map.entry("retrowalk.auth.jwks-refresh-min-interval", "100ms"),
                Map.entry("retrowalk.auth.enabled", "true"),
                Map.entry("retrowalk.auth.audience", AUDIENCE),
                Map.entry("retrowalk.auth.issuers.ec.iss", EC_ISSUER),
                Map.entry("retrowalk.auth.issuers.ec.jwks-file", DIRECTORY.resolve("ec-jwks.json").toString()),
                Map.entry("retrowalk.auth.issuers.rsa.iss", RSA_ISSUER),
                Map.entry("retrowalk.auth.issuers.rsa.jwks-file", DIRECTORY.resolve("rsa-jwks.json").toString()),
                Map.entry("retrowalk.auth.issuers.tenanted.iss", TENANT_ISSUER),
                Map.entry("retrowalk.auth.issuers.tenanted.jwks-file", DIRECTORY.resolve("ec-jwks.json").toString()),
                Map.entry("retrowalk.auth.issuers.tenanted.tenant", "hospital-a"),
                Map.entry("retrowalk.auth.issuers.governance.iss", GOVERNANCE_ISSUER),
                Map.entry("retrowalk.auth.issuers.governance.jwks-file", DIRECTORY.resolve("rsa-jwks.json").toString()),
                Map.entry("retrowalk.auth.issuers.ec.fhir-servers", EXAMPLE_FHIR_SERVER),
                Map.entry("retrowalk.auth.issuers.rsa.fhir-servers", EXAMPLE_FHIR_SERVER),
                Map.entry("retrowalk.auth.issuers.tenanted.fhir-servers", EXAMPLE_FHIR_SERVER),
                Map.entry("retrowalk.auth.issuers.url.fhir-servers", EXAMPLE_FHIR_SERVER),
                Map.entry("retrowalk.auth.issuers.governance.role", "governance"),
                Map.entry("retrowalk.auth.issuers.governance.audience", GOVERNANCE_AUDIENCE),
                Map.entry("retrowalk.auth.jwks-url-allow-list", "https://keys.ehr-ec.test/," + url.substring(0, url.indexOf("/jwks.json") + 1)));
    }

    /** Claims a well-behaved EHR would send now to the patient-view service (governance: to the reports). */
    public static JwtClaims claims(String issuer) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject("client-" + issuer);
        claims.setAudience(GOVERNANCE_ISSUER.equals(issuer) ? GOVERNANCE_AUDIENCE : PATIENT_VIEW_AUDIENCE);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    public static String sign(JwtClaims claims, PublicJsonWebKey key, String alg) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(alg);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static NumericDate minutesFromNow(int minutes) {
        NumericDate date = NumericDate.now();
        date.addSeconds(minutes * 60L);
        return date;
    }

    static List<String> issuers() {
        return List.of(EC_ISSUER, RSA_ISSUER);
    }
}
