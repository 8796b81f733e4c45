package org.retrowalk.cds.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.retrowalk.cds.audit.FeedbackEntry;
import org.retrowalk.cds.audit.FeedbackStore;
import org.retrowalk.cds.auth.ClientAuthFilter;
import org.retrowalk.cds.auth.FhirServerAllowList;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.cdshooks.Discovery;
import org.retrowalk.cds.cdshooks.FeedbackReceipt;
import org.retrowalk.cds.evaluation.CallAudit;
import org.retrowalk.cds.evaluation.CdsService;
import org.retrowalk.cds.fhir.OperationOutcomes;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.platform.ServerTiming;
import org.retrowalk.cds.platform.ServiceMetrics;
import org.retrowalk.cds.terminology.Terminology;

/** The CDS Hooks endpoints: discovery, service calls (each one audited) and feedback. */
@Path("/cds-services")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "CDS Hooks", description = "CDS Hooks 2.0 discovery, services and feedback (https://cds-hooks.hl7.org)")
public class CdsServicesResource {

    private static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private static final Logger LOG = Logger.getLogger(CdsServicesResource.class);

    private final Map<String, CdsService> services;
    private final CallAudit audit;
    private final FeedbackChecks feedbackChecks;
    private final FeedbackStore feedbackStore;
    private final ServiceMetrics metrics;
    private final FhirServerAllowList fhirServers;

    @Inject
    public CdsServicesResource(Instance<CdsService> services, CallAudit audit, Terminology terminology, FeedbackStore feedbackStore,
                               ServiceMetrics metrics, FhirServerAllowList fhirServers) {
        this.metrics = metrics;
        this.fhirServers = fhirServers;
        this.services = services.stream().collect(Collectors.toMap(s -> s.descriptor().id(), Function.identity()));
        this.audit = audit;
        this.feedbackChecks = new FeedbackChecks(terminology);
        this.feedbackStore = feedbackStore;
    }

    @GET
    @Operation(summary = "Discovery: the services, their hooks and prefetch templates")
    public Discovery discovery() {
        return new Discovery(services.values().stream().map(CdsService::descriptor)
                .sorted(Comparator.comparing(d -> d.id())).toList());
    }

    @POST
    @Path("/{id}")
    @Operation(summary = "Call a service: cards on backward walking for the patient in context",
            description = "Refusals are FHIR OperationOutcomes: 400 (the request is malformed, naming the field), 401 (no trusted "
                    + "EHR token; empty body), 404 (no such service), 412 (data needed is neither in the prefetch nor readable "
                    + "from fhirServer), 413 (body over the size limit), 415 (not JSON).")
    @Consumes(MediaType.APPLICATION_JSON)
    public CdsResponse call(@PathParam("id") String id, CdsRequest request, @Context ContainerRequestContext http) {
        long started = System.nanoTime();
        CdsService service = service(id);
        String client = (String) http.getProperty(ClientAuthFilter.CLIENT);
        String patientId = null;
        try {
            patientId = RequestChecks.check(request, service.descriptor());
            if (request.fhirServer() != null) {
                // Checked before anything is read: a server the caller may not name is never sent a request or the token.
                fhirServers.refusal(client, request.fhirServer()).ifPresent(why -> {
                    throw CdsException.badRequest(why);
                });
            }
            CdsService.Answer answer = service.call(request, patientId);
            audit.answered(id, request, patientId, answer, client, started);
            if (answer.evaluation() != null) {
                ServerTiming.fhirRead(http, answer.evaluation().serverReadNanos());
            }
            return answer.response();
        } catch (CdsException e) {
            ServerTiming.fhirRead(http, e.fhirReadNanos());
            audit.refused(id, request, patientId, e.status(), client, started);
            throw e;
        } catch (RuntimeException e) {
            audit.refused(id, request, patientId, 500, client, started);
            throw e;
        }
    }

    /**
     * CDS Hooks feedback: stored (each entry once) before it is acknowledged, so an EHR that gets 200 can
     * forget it, and one that gets anything else can send it again without it being counted twice.
     */
    @POST
    @Path("/{id}/feedback")
    @Operation(summary = "Feedback: whether clinicians accepted or overrode the cards",
            description = "Stored before it is acknowledged; an entry sent twice is counted once. 503 when it could not be stored.")
    @Consumes(MediaType.APPLICATION_JSON)
    public FeedbackReceipt feedback(@PathParam("id") String id, JsonNode body, @Context ContainerRequestContext http) {
        service(id);
        List<FeedbackEntry> entries = feedbackChecks.check(body);
        try {
            FeedbackStore.Stored stored = feedbackStore.store(id, (String) http.getProperty(ClientAuthFilter.CLIENT), entries);
            LOG.infof("feedback entries=%d stored=%d duplicates=%d", entries.size(), stored.stored(), stored.duplicates());
            entries.forEach(entry -> metrics.feedback(id, entry.outcome().code(), stored.fresh().contains(entry)));
            return new FeedbackReceipt(entries.size(), stored.stored(), stored.duplicates());
        } catch (SQLException e) {
            LOG.errorf("Feedback could not be stored (SQL state %s)", e.getSQLState());
            throw new CdsException(503, IssueType.TRANSIENT, "The feedback could not be stored just now; nothing was kept. Send it again.");
        }
    }

    private CdsService service(String id) {
        CdsService service = services.get(id);
        if (service == null) {
            throw CdsException.notFound("No CDS service with id '" + safe(id) + "'. Discovery lists " + List.copyOf(services.keySet()) + ".");
        }
        return service;
    }

    private static String safe(String id) {
        return id.length() > 64 || !SERVICE_ID.matcher(id).matches() ? "(not a service id)" : id;
    }
}
