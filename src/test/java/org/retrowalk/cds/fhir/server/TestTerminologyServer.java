package org.retrowalk.cds.fhir.server;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * A FHIR terminology server for tests, on HAPI's server framework: {@code ValueSet/$validate-code} with the value
 * set sent inline, evaluating its is-a filters and listed concepts against a small SNOMED CT hierarchy (child ->
 * parent) that includes codes our shipped expansions do not hold. A real SNOMED server cannot run here (no
 * SNOMED release is reachable), so the hierarchy is the part that is made up; the protocol is HAPI's own.
 */
public final class TestTerminologyServer implements AutoCloseable {

    /** Child -> parent, as SNOMED CT's is-a (a few real codes the expansions lack, and their roots). */
    public static final Map<String, String> PARENT = Map.of(
            "467158009", "58938008",      // powered wheelchair -> wheelchair
            "1386000", "127295002",      // intracranial hemorrhage following injury (made-up child) -> traumatic brain injury
            "127295002", "417163006",    // traumatic brain injury -> traumatic and/or non-traumatic injury
            "230258005", "52448006");    // amnestic syndrome due to dementia (made-up child) -> dementia

    private final Server jetty;
    private final String base;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    public TestTerminologyServer() throws Exception {
        RestfulServer fhir = new RestfulServer(FhirContextProducer.shared());
        fhir.registerProvider(new Provider());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        int port = TestPorts.free();
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + port + "/fhir";
    }

    public String base() {
        return base;
    }

    /** "system|code in valueSet-name", one per question asked. */
    public List<String> asked() {
        return asked;
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    static boolean isA(String code, String root) {
        for (String c = code; c != null; c = PARENT.get(c)) {
            if (c.equals(root)) {
                return true;
            }
        }
        return false;
    }

    public final class Provider {
        @Operation(name = "$validate-code", idempotent = true, typeName = "ValueSet")
        public Parameters validateCode(@OperationParam(name = "url") UriType url, @OperationParam(name = "valueSet") ValueSet valueSet,
                                       @OperationParam(name = "code") CodeType code, @OperationParam(name = "system") UriType system,
                                       @OperationParam(name = "display") StringType display) throws InterruptedException {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            boolean member = false;
            String name = valueSet == null ? "(no value set: url " + (url == null ? null : url.getValue()) + ")" : valueSet.getName();
            asked.add(system.getValue() + "|" + code.getValue() + " in " + name);
            if (valueSet != null) {
                for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
                    if (!include.getSystem().equals(system.getValue())) {
                        continue;
                    }
                    member |= include.getConcept().stream().anyMatch(c -> c.getCode().equals(code.getValue()));
                    member |= include.getFilter().stream().anyMatch(f -> f.getOp() == ValueSet.FilterOperator.ISA && isA(code.getValue(), f.getValue()));
                }
            }
            Parameters out = new Parameters();
            out.addParameter().setName("result").setValue(new BooleanType(member));
            if (!member) {
                out.addParameter().setName("message").setValue(new StringType("not in the value set"));
            }
            return out;
        }
    }
}
