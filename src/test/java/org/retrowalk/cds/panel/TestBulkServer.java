package org.retrowalk.cds.panel;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * The FHIR Bulk Data Access API of a test FHIR server, in test code (HAPI's plain server framework has no $export;
 * its JPA server needs a database server and Docker here): SMART Backend Services token endpoint that accepts only a
 * client assertion signed with the registered client's key; kick-off of Patient/$export and Group/[id]/$export
 * (Prefer: respond-async, _type honoured) answered 202 with a status URL; the status answered 202 with Retry-After
 * once, then the manifest; output files in ndjson that need the token.
 */
final class TestBulkServer {

    private final Server jetty;
    private final String base;
    private final String clientId;
    private final RSAKey clientKey;
    private final List<List<Resource>> records;
    private final Map<String, Set<String>> groups = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    final List<String> kickOffs = new CopyOnWriteArrayList<>();
    final AtomicInteger unauthorised = new AtomicInteger();

    private record Job(Set<String> types, Set<String> patients, AtomicInteger polls) {}

    TestBulkServer(List<List<Resource>> records, String clientId, RSAKey clientPublicKey) throws Exception {
        this.records = records;
        this.clientId = clientId;
        this.clientKey = clientPublicKey;
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Fhir()), "/fhir/*");
        context.addServlet(new ServletHolder(new Token()), "/auth/token");
        context.addServlet(new ServletHolder(new Status()), "/bulk-status/*");
        context.addServlet(new ServletHolder(new Files()), "/bulk-files/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    String fhirBase() {
        return base + "/fhir";
    }

    void group(String id, Set<String> patients) {
        groups.put(id, patients);
    }

    void stop() throws Exception {
        jetty.stop();
    }

    private boolean authorised(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ") || !tokens.contains(header.substring(7))) {
            unauthorised.incrementAndGet();
            response.sendError(401);
            return false;
        }
        return true;
    }

    private static void json(HttpServletResponse response, Object body) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write(new ObjectMapper().writeValueAsString(body));
    }

    private final class Fhir extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getPathInfo();
            if ("/.well-known/smart-configuration".equals(path)) {
                json(response, Map.of("token_endpoint", base + "/auth/token", "grant_types_supported", List.of("client_credentials"),
                        "token_endpoint_auth_methods_supported", List.of("private_key_jwt"), "capabilities", List.of("client-confidential-asymmetric")));
                return;
            }
            if (!authorised(request, response)) {
                return;
            }
            Set<String> patients;
            if ("/Patient/$export".equals(path)) {
                patients = null;
            } else if (path != null && path.startsWith("/Group/") && path.endsWith("/$export")) {
                patients = groups.get(path.substring(7, path.length() - 8));
                if (patients == null) {
                    response.sendError(404);
                    return;
                }
            } else {
                response.sendError(404);
                return;
            }
            if (!"respond-async".equals(request.getHeader("Prefer"))) {
                response.sendError(400, "Prefer: respond-async is required");
                return;
            }
            kickOffs.add(request.getRequestURI() + "?" + request.getQueryString());
            String types = request.getParameter("_type");
            String id = UUID.randomUUID().toString();
            jobs.put(id, new Job(types == null ? Set.of() : Set.of(types.split(",")), patients, new AtomicInteger()));
            response.setStatus(202);
            response.setHeader("Content-Location", base + "/bulk-status/" + id);
        }
    }

    private final class Token extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try {
                SignedJWT assertion = SignedJWT.parse(request.getParameter("client_assertion"));
                JWTClaimsSet claims = assertion.getJWTClaimsSet();
                boolean valid = "client_credentials".equals(request.getParameter("grant_type"))
                        && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(request.getParameter("client_assertion_type"))
                        && assertion.verify(new RSASSAVerifier(clientKey)) && clientId.equals(claims.getIssuer()) && clientId.equals(claims.getSubject())
                        && claims.getAudience().contains(base + "/auth/token") && claims.getExpirationTime().after(new Date());
                if (!valid) {
                    response.setStatus(401);
                    json(response, Map.of("error", "invalid_client"));
                    return;
                }
            } catch (Exception e) {
                response.setStatus(400);
                json(response, Map.of("error", "invalid_request"));
                return;
            }
            String token = UUID.randomUUID().toString();
            tokens.add(token);
            json(response, Map.of("access_token", token, "token_type", "bearer", "expires_in", 300, "scope", request.getParameter("scope")));
        }
    }

    private final class Status extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!authorised(request, response)) {
                return;
            }
            String id = request.getPathInfo().substring(1);
            Job job = jobs.get(id);
            if (job == null) {
                response.sendError(404);
                return;
            }
            if (job.polls().getAndIncrement() == 0) {
                response.setStatus(202);
                response.setHeader("Retry-After", "1");
                response.setHeader("X-Progress", "in progress");
                return;
            }
            List<Map<String, Object>> output = new ArrayList<>();
            for (String type : job.types()) {
                output.add(Map.of("type", type, "url", base + "/bulk-files/" + id + "/" + type + ".ndjson"));
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("transactionTime", new Date().toInstant().toString());
            manifest.put("request", base + "/fhir/$export");
            manifest.put("requiresAccessToken", true);
            manifest.put("output", output);
            manifest.put("error", List.of());
            json(response, manifest);
        }
    }

    private final class Files extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!authorised(request, response)) {
                return;
            }
            String[] parts = request.getPathInfo().substring(1).split("/");
            Job job = jobs.get(parts[0]);
            String type = parts[1].replace(".ndjson", "");
            if (job == null || !job.types().contains(type)) {
                response.sendError(404);
                return;
            }
            response.setContentType("application/fhir+ndjson");
            IParser parser = FhirContextProducer.jsonParser().setPrettyPrint(false);
            Writer out = response.getWriter();
            for (List<Resource> record : records) {
                String patient = record.stream().filter(r -> r instanceof Patient).findFirst().orElseThrow().getIdElement().getIdPart();
                if (job.patients() != null && !job.patients().contains(patient)) {
                    continue;
                }
                for (Resource resource : record) {
                    if (resource.fhirType().equals(type)) {
                        out.write(parser.encodeResourceToString(resource));
                        out.write('\n');
                    }
                }
            }
        }
    }
}
