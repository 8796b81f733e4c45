package org.retrowalk.cds.fhir.server;

import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * A real FHIR server in the test JVM: HAPI's RestfulServer in Jetty 12 on a free loopback port, holding the
 * five Synthea patients and the hand-written example patients. It pages every search by 20 so that the
 * service's paging is exercised, and a filter in front of it injects faults on request.
 *
 * <p>Started once per test JVM by the first test that asks for it, from the test's own class loader, so
 * that the tests and the filter share the fault settings.
 */
public final class FhirTestServer {

    public static final String GOOD_TOKEN = "good-token-7f3a";
    public static final int PAGE_SIZE = 20;

    /** What the filter does to matching requests. */
    public enum FaultKind {
        DELAY,
        SERVER_ERROR,
        MALFORMED,
        REQUIRE_TOKEN,
        /** The token opens one patient's data only, as a patient-scoped SMART token does: other patients get 403. */
        PATIENT_TOKEN,
        /** Answers with the given body (a search answer that ignores _count, say), streamed as a server streams it. */
        ANSWER
    }

    /** A fault on one resource type's requests ("*" for all). */
    public record Fault(FaultKind kind, String resourceType, long millis, String patientId, byte[] body) {
        Fault(FaultKind kind, String resourceType, long millis, String patientId) {
            this(kind, resourceType, millis, patientId, null);
        }

        Fault(FaultKind kind, String resourceType, long millis) {
            this(kind, resourceType, millis, null);
        }

        public static Fault delay(String type, long millis) {
            return new Fault(FaultKind.DELAY, type, millis);
        }

        public static Fault error(String type) {
            return new Fault(FaultKind.SERVER_ERROR, type, 0);
        }

        public static Fault malformed(String type) {
            return new Fault(FaultKind.MALFORMED, type, 0);
        }

        /** Every request for this resource type is answered with this FHIR JSON body, whatever it asked. */
        public static Fault answer(String type, byte[] body) {
            return new Fault(FaultKind.ANSWER, type, 0, null, body);
        }

        public static Fault requireToken() {
            return new Fault(FaultKind.REQUIRE_TOKEN, "*", 0);
        }

        /** GOOD_TOKEN reads and writes only this patient's resources. */
        public static Fault tokenForPatient(String patientId) {
            return new Fault(FaultKind.PATIENT_TOKEN, "*", 0, patientId);
        }
    }

    private static FhirTestServer instance;

    private final Server jetty;
    private final String base;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger followOnPages = new AtomicInteger();
    private volatile java.util.Map<String, Object> smartConfiguration;
    private final long followOnPageMillis;

    public static synchronized FhirTestServer get() {
        if (instance == null) {
            try {
                instance = new FhirTestServer();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test FHIR server", e);
            }
        }
        return instance;
    }

    /**
     * A server of its own with no patients, which accepts FHIR transactions of PUTs and checks their references
     * as HAPI's JPA server does: for loading data the way a deployment would (the demonstration patients).
     */
    public static FhirTestServer empty() {
        try {
            return new FhirTestServer(new InMemoryStore(), true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test FHIR server", e);
        }
    }

    /**
     * A server paging the way HAPI FHIR's JPA server does with its default settings: 20 results a page unless the
     * client asks for more, at most 200, and every follow-on page ({@code _getpages}) answered only after
     * {@code followOnPageMillis}, as the JPA server's search coordinator makes a client wait (about 0.58 s a page,
     * measured on HAPI FHIR JPA 8.8.0) while it loads the next block of a new search.
     */
    public static FhirTestServer pagingLikeJpa(InMemoryStore store, long followOnPageMillis) {
        try {
            return new FhirTestServer(store, false, 20, 200, followOnPageMillis, 0);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test FHIR server", e);
        }
    }

    /** A server of its own with the usual patients, on a port chosen beforehand (for a test profile's configuration). */
    public static FhirTestServer onPort(int port) {
        try {
            return new FhirTestServer(loaded(), false, PAGE_SIZE, PAGE_SIZE, 0, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test FHIR server", e);
        }
    }

    private FhirTestServer() throws Exception {
        this(loaded(), false);
    }

    private static InMemoryStore loaded() {
        InMemoryStore store = new InMemoryStore();
        TestPatients.all().forEach(p -> p.resources().forEach(store::add));
        loadHugePatient(store);
        return store;
    }

    private FhirTestServer(InMemoryStore store, boolean acceptsTransactions) throws Exception {
        this(store, acceptsTransactions, PAGE_SIZE, PAGE_SIZE, 0, 0);
    }

    private FhirTestServer(InMemoryStore store, boolean acceptsTransactions, int defaultPageSize, int maximumPageSize,
                           long followOnPageMillis, int port) throws Exception {
        this.followOnPageMillis = followOnPageMillis;
        RestfulServer fhir = new RestfulServer(FhirContextProducer.shared());
        fhir.registerProvider(new PatientRecordProvider(store));
        if (acceptsTransactions) {
            fhir.registerProvider(new TransactionProvider(store));
        }
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(500);
        paging.setDefaultPageSize(defaultPageSize);
        paging.setMaximumPageSize(maximumPageSize);
        fhir.setPagingProvider(paging);

        QueuedThreadPool threads = new QueuedThreadPool(64);
        threads.setDaemon(true);
        threads.setName("test-fhir-server");
        jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        context.addServlet(new ServletHolder(new SmartConfigurationServlet()), "/fhir/.well-known/smart-configuration");
        context.addFilter(new FilterHolder(new FaultFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // the JVM is ending
            }
        }));
    }

    /**
     * Runs the server on its own, for measuring the service against it (docs/performance.md, "Measured end to end"). From the
     * project root: java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
     * org.retrowalk.cds.fhir.server.FhirTestServer
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println(get().base());
        Thread.currentThread().join();
    }

    public String base() {
        return base;
    }

    public void stop() throws Exception {
        jetty.stop();
    }

    public void fault(Fault fault) {
        faults.add(fault);
    }

    public void clear() {
        faults.clear();
        authorizations.clear();
        requests.set(0);
        followOnPages.set(0);
    }

    /** What .well-known/smart-configuration publishes (404 until set): a SMART authorization server for this FHIR server. */
    public void smartConfiguration(java.util.Map<String, Object> configuration) {
        this.smartConfiguration = configuration;
    }

    private final class SmartConfigurationServlet extends jakarta.servlet.http.HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            java.util.Map<String, Object> configuration = smartConfiguration;
            if (configuration == null) {
                response.sendError(404);
                return;
            }
            response.setContentType("application/json");
            response.getWriter().write(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(configuration));
        }
    }

    /** Follow-on pages (_getpages) asked for since clear(). */
    public int followOnPages() {
        return followOnPages.get();
    }

    /** The Authorization headers of the requests since clear(), as received. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public int requests() {
        return requests.get();
    }

    /** A loopback URL where nothing listens: connections are refused. */
    public static String refusingBase() {
        return "http://127.0.0.1:" + TestPorts.free() + "/fhir";
    }

    private final class FaultFilter implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (request.getRequestURI().contains("/.well-known/")) {
                chain.doFilter(req, res); // public, as SMART requires
                return;
            }
            requests.incrementAndGet();
            String authorization = request.getHeader("Authorization");
            authorizations.add(authorization == null ? "" : authorization);
            if (request.getParameter("_getpages") != null) {
                followOnPages.incrementAndGet();
                sleep(followOnPageMillis);
            }
            String path = request.getPathInfo() == null ? "" : request.getPathInfo();
            String type = path.startsWith("/") && path.length() > 1 ? path.substring(1).split("/")[0] : "";
            for (Fault fault : faults) {
                if (!fault.resourceType().equals("*") && !fault.resourceType().equals(type)) {
                    continue;
                }
                switch (fault.kind()) {
                    case DELAY -> sleep(fault.millis());
                    case SERVER_ERROR -> {
                        response.sendError(500, "injected failure");
                        return;
                    }
                    case MALFORMED -> {
                        response.setStatus(200);
                        response.setContentType("application/fhir+json");
                        response.getOutputStream().write("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    case ANSWER -> {
                        response.setStatus(200);
                        response.setContentType("application/fhir+json");
                        response.setContentLength(fault.body().length);
                        try {
                            for (int at = 0; at < fault.body().length; at += 64 * 1024) {
                                response.getOutputStream().write(fault.body(), at, Math.min(64 * 1024, fault.body().length - at));
                            }
                        } catch (IOException closedByTheClient) {
                            // the service stops reading a body past its limit: that is the point
                        }
                        return;
                    }
                    case PATIENT_TOKEN -> {
                        String patient = request.getParameter("patient");
                        String about = "Patient".equals(type) && path.length() > "/Patient/".length() ? path.substring("/Patient/".length()).split("/")[0]
                                : patient == null ? null : patient.replace("Patient/", "");
                        if (about != null && !about.equals(fault.patientId())) {
                            response.setStatus(403);
                            response.setContentType("application/fhir+json");
                            response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                    + "\"code\":\"forbidden\",\"diagnostics\":\"the token is for another patient\"}]}").getBytes(StandardCharsets.UTF_8));
                            return;
                        }
                    }
                    case REQUIRE_TOKEN -> {
                        if (!("Bearer " + GOOD_TOKEN).equals(authorization)) {
                            response.setStatus(401);
                            response.setContentType("application/fhir+json");
                            response.getOutputStream().write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                    + "\"code\":\"login\",\"diagnostics\":\"token rejected\"}]}").getBytes(StandardCharsets.UTF_8));
                            return;
                        }
                    }
                }
            }
            chain.doFilter(req, res);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- data ----------------------------------------------------------------------------------------------

    private static void loadHugePatient(InMemoryStore store) {
        Patient patient = new Patient();
        patient.setId(PatientRecordProvider.HUGE_PATIENT);
        patient.setBirthDateElement(new DateType("1971-06-01"));
        store.add(patient);
        Condition kneeOa = new Condition();
        kneeOa.setId("huge-knee-oa");
        kneeOa.setSubject(new Reference("Patient/" + PatientRecordProvider.HUGE_PATIENT));
        kneeOa.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "239873007", "Osteoarthritis of knee")));
        store.add(kneeOa);
    }
}
