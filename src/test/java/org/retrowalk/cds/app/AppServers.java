package org.retrowalk.cds.app;

import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.fhir.server.FhirTestServer;

/**
 * The servers the app's tests run against, started once per test JVM on ports chosen before Quarkus starts (its
 * configuration names them): the EHR's FHIR server, which accepts only the token its SMART authorization server
 * issued; that authorization server (test code: no SMART-capable authorization server can run here, see
 * TestSmartServer); and an open FHIR server without authorization, for the standalone launch.
 */
final class AppServers {

    static FhirTestServer fhir;
    static FhirTestServer open;
    static TestSmartServer smart;

    private AppServers() {
    }

    static synchronized void start() throws Exception {
        if (fhir != null) {
            return;
        }
        fhir = FhirTestServer.onPort(port("fhir"));
        open = FhirTestServer.onPort(port("open-fhir"));
        smart = new TestSmartServer(fhirBase(), FhirTestServer.GOOD_TOKEN, port("smart"));
        fhir.smartConfiguration(smart.smartConfiguration());
        fhir.fault(FhirTestServer.Fault.requireToken());
    }

    static int port(String name) {
        String key = "retrowalk-test.app." + name + "-port";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(TestPorts.free()));
        }
        return Integer.parseInt(System.getProperty(key));
    }

    static String fhirBase() {
        return "http://127.0.0.1:" + port("fhir") + "/fhir";
    }

    static String openBase() {
        return "http://127.0.0.1:" + port("open-fhir") + "/fhir";
    }

    static String appUrl() {
        return "http://localhost:" + port("app") + "/app";
    }
}
