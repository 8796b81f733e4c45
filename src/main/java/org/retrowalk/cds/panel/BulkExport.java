package org.retrowalk.cds.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A FHIR Bulk Data Access (v2) client for the panel screen: kick-off ($export of a Group or of all patients,
 * ndjson, the resource types the readers use), polling with the server's Retry-After, and the download of every
 * output file into a directory. With a client id and a private key it first gets a token as a SMART Backend Services
 * client (client credentials with a private_key_jwt assertion, by the Nimbus SDK; the token endpoint from
 * .well-known/smart-configuration); without them it reads an open server. Redirects are never followed, so the token
 * goes only where the server's own answers say; the token is never logged.
 */
public final class BulkExport {

    private static final Logger LOG = Logger.getLogger(BulkExport.class);

    /** A SMART Backend Services client: its id, its private key (a JWKS file with one key), the scope it asks. */
    public record Client(String clientId, Path privateKeyFile, String scope) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;

    public BulkExport(Duration timeout) {
        this.timeout = timeout;
    }

    /** Exports {@code types} from {@code fhirBase} (of {@code group}, or all patients) into {@code directory}; returns the files. */
    public List<Path> download(URI fhirBase, Optional<String> group, List<String> types, Optional<Client> client, Path directory)
            throws IOException, InterruptedException {
        String base = fhirBase.toString().replaceAll("/$", "");
        Optional<String> token = client.isPresent() ? Optional.of(token(base, client.get())) : Optional.empty();
        String kickOff = base + group.map(g -> "/Group/" + URLEncoder.encode(g, StandardCharsets.UTF_8)).orElse("/Patient") + "/$export?_type="
                + URLEncoder.encode(String.join(",", types), StandardCharsets.UTF_8) + "&_outputFormat=" + URLEncoder.encode("application/fhir+ndjson", StandardCharsets.UTF_8);
        HttpResponse<String> started = http.send(request(URI.create(kickOff), token).header("Accept", "application/fhir+json")
                .header("Prefer", "respond-async").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202 || started.headers().firstValue("Content-Location").isEmpty()) {
            throw new IOException("the FHIR server refused the export (HTTP " + started.statusCode() + ")");
        }
        URI status = URI.create(started.headers().firstValue("Content-Location").get());
        Instant deadline = Instant.now().plus(timeout);
        JsonNode manifest;
        while (true) {
            HttpResponse<String> polled = http.send(request(status, token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (polled.statusCode() == 200) {
                manifest = json.readTree(polled.body());
                break;
            }
            if (polled.statusCode() != 202) {
                throw new IOException("the export failed (HTTP " + polled.statusCode() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the export did not finish within " + timeout);
            }
            long wait = polled.headers().firstValue("Retry-After").map(BulkExport::seconds).orElse(2L);
            Thread.sleep(Math.max(1, Math.min(wait, 60)) * 1000);
        }
        boolean needsToken = manifest.path("requiresAccessToken").asBoolean(false);
        List<Path> files = new ArrayList<>();
        Files.createDirectories(directory);
        int n = 0;
        for (JsonNode output : manifest.path("output")) {
            String type = output.path("type").asText("Resource").replaceAll("[^A-Za-z]", "");
            Path file = directory.resolve(type + "." + (n++) + ".ndjson");
            HttpResponse<InputStream> body = http.send(request(URI.create(output.path("url").asText()), needsToken ? token : Optional.empty())
                    .header("Accept", "application/fhir+ndjson").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = body.body()) {
                if (body.statusCode() != 200) {
                    throw new IOException("an output file of the export could not be read (HTTP " + body.statusCode() + ")");
                }
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            files.add(file);
        }
        LOG.infof("Bulk export: %d files downloaded", files.size());
        return files;
    }

    private HttpRequest.Builder request(URI uri, Optional<String> token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        return builder;
    }

    /** SMART Backend Services: client credentials with a signed assertion, at the server's token endpoint. */
    private String token(String base, Client client) throws IOException, InterruptedException {
        HttpResponse<String> configuration = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/smart-configuration"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (configuration.statusCode() != 200) {
            throw new IOException("the FHIR server publishes no SMART configuration (HTTP " + configuration.statusCode() + ")");
        }
        URI tokenEndpoint = URI.create(json.readTree(configuration.body()).path("token_endpoint").asText());
        try {
            JWK key = JWKSet.load(client.privateKeyFile().toFile()).getKeys().get(0);
            PrivateKeyJWT assertion = key.getKeyType() == com.nimbusds.jose.jwk.KeyType.EC
                    ? new PrivateKeyJWT(new ClientID(client.clientId()), tokenEndpoint, JWSAlgorithm.ES384, key.toECKey().toPrivateKey(), key.getKeyID(), null)
                    : new PrivateKeyJWT(new ClientID(client.clientId()), tokenEndpoint, JWSAlgorithm.RS384, key.toRSAKey().toPrivateKey(), key.getKeyID(), null);
            HTTPRequest request = new TokenRequest(tokenEndpoint, assertion, new ClientCredentialsGrant(), Scope.parse(client.scope())).toHTTPRequest();
            request.setConnectTimeout(10_000);
            request.setReadTimeout(30_000);
            request.setFollowRedirects(false);
            TokenResponse response = TokenResponse.parse(request.send());
            if (!response.indicatesSuccess()) {
                throw new IOException("the token endpoint refused the backend client (" + response.toErrorResponse().getErrorObject().getCode() + ")");
            }
            return response.toSuccessResponse().getTokens().getAccessToken().getValue();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IOException("the backend client's key or the token answer could not be used (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 2;
        }
    }
}
