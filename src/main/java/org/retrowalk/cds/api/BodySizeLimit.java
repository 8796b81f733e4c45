package org.retrowalk.cds.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.retrowalk.cds.fhir.OperationOutcomes;

/**
 * Refuses a declared body over quarkus.http.limits.max-body-size with 413 and an OperationOutcome before
 * reading it. A chunked body without a length that grows past the limit is cut off by Vert.x itself
 * (413 without a body).
 */
@ApplicationScoped
public class BodySizeLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "4M")
    MemorySize limit;

    void install(@Observes Router router) {
        long max = limit.asLongValue();
        router.route().order(-1000).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = -1;
                }
                if (declared > max) {
                    var response = OperationOutcomes.response(413, IssueType.TOOLONG,
                            "The request body (" + declared + " bytes) is over the limit of " + max + " bytes.");
                    ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                            .putHeader("Connection", "close").end((String) response.getEntity());
                    return;
                }
            }
            ctx.next();
        });
    }
}
