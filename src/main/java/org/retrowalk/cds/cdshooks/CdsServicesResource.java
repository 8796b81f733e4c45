package org.retrowalk.cds.cdshooks;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.retrowalk.cds.cdshooks.json.CdsRequest;
import org.retrowalk.cds.cdshooks.json.CdsResponse;
import org.retrowalk.cds.cdshooks.json.Discovery;

/** The CDS Hooks endpoints: discovery and service calls. */
@Path("/cds-services")
@Produces(MediaType.APPLICATION_JSON)
public class CdsServicesResource {

    private final Map<String, CdsService> services;

    @Inject
    public CdsServicesResource(Instance<CdsService> services) {
        this.services = services.stream().collect(Collectors.toMap(s -> s.descriptor().id(), Function.identity()));
    }

    @GET
    public Discovery discovery() {
        return new Discovery(services.values().stream().map(CdsService::descriptor)
                .sorted(Comparator.comparing(d -> d.id())).toList());
    }

    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CdsResponse call(@PathParam("id") String id, CdsRequest request) {
        CdsService service = services.get(id);
        if (service == null) {
            throw CdsException.notFound("No CDS service with id '" + safe(id) + "'. Discovery lists " + List.copyOf(services.keySet()) + ".");
        }
        String patientId = RequestChecks.check(request, service.descriptor());
        return service.call(request, patientId);
    }

    private static String safe(String id) {
        return id.length() > 64 || !id.matches("[A-Za-z0-9._-]+") ? "(not a service id)" : id;
    }
}
