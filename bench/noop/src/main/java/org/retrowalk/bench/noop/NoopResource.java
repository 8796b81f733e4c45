package org.retrowalk.bench.noop;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * What the stack costs with nothing of ours in it: the same request bytes read into a Jackson tree, as the
 * service's resource reads them, and a constant answer. bench/run sends the service's requests to both.
 */
@Path("/cds-services")
public class NoopResource {

    private static final String ANSWER = "{\"cards\":[]}";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String discovery() {
        return "{\"services\":[]}";
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String call(@PathParam("id") String id, JsonNode request) {
        // Touch the tree, so the parse cannot be skipped.
        return request.has("hook") || request.size() > 0 ? ANSWER : "{}";
    }
}
