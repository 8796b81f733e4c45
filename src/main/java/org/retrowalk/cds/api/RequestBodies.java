package org.retrowalk.cds.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.fhir.OperationOutcomes;

/**
 * Request bodies, before any resource sees them (on the event loop, holding no worker thread):
 * <ul>
 * <li>a declared body over quarkus.http.limits.max-body-size is refused with 413 and the connection closed, so
 * that not one more byte of it is read (a chunked body without a length that grows past the limit is cut off by
 * Vert.x itself: 413 without a body);</li>
 * <li>a body not arrived within retrowalk.http.body-timeout is answered 408 and its connection closed: a client
 * trickling a body a byte at a time costs a connection for seconds, not a thread for ever;</li>
 * <li>the bodies being received and handled at once are bounded (retrowalk.http.max-body-bytes-in-flight): past it
 * a request is refused with 503 and Retry-After instead of risking the heap for everyone.</li>
 * </ul>
 * The bodies themselves (JSON, FHIR, text: every call of an EHR) are read whole on the event loop (Vert.x's
 * BodyHandler), so the worker threads only ever see requests whose body is complete: Quarkus REST reads a body on a
 * worker thread, from the network, unless it finds it read already. Forms (the app's and the dashboard's, small and
 * behind a session) are left to Quarkus REST, bounded by body-timeout.
 */
@ApplicationScoped
public class RequestBodies {

    private static final Logger LOG = Logger.getLogger(RequestBodies.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "4M")
    MemorySize limit;

    @Inject
    RetrowalkConfig config;

    /** Body bytes (declared) being received and handled just now. */
    private final AtomicLong inFlight = new AtomicLong();

    void install(@Observes Router router) {
        long max = limit.asLongValue();
        long budget = config.http().maxBodyBytesInFlight().asLongValue();
        long timeoutMillis = config.http().bodyTimeout().toMillis();
        BodyHandler reader = BodyHandler.create(false).setBodyLimit(max).setHandleFileUploads(false);
        router.route().order(-999).handler(RequestBodies::emptyBodyIsABody);
        // A caller that hangs up while its body is being read is no failure of ours (as ErrorMappers says for the rest).
        router.route().order(-1001).failureHandler(ctx -> {
            if (ctx.failure() instanceof io.vertx.core.http.HttpClosedException) {
                LOG.info("The caller closed the connection before its request was read");
                return;
            }
            ctx.next();
        });
        router.route().order(-1000).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS || ctx.request().isEnded()) {
                ctx.next();
                return;
            }
            String length = ctx.request().getHeader("Content-Length");
            long declared = max;
            if (length != null) {
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    declared = max; // Vert.x refuses a malformed length itself; count it as the largest
                }
                if (declared > max) {
                    refuse(ctx, 413, IssueType.TOOLONG, "The request body (" + declared + " bytes) is over the limit of " + max + " bytes.");
                    return;
                }
            }
            long held = Math.max(0, declared);
            if (inFlight.addAndGet(held) > budget) {
                inFlight.addAndGet(-held);
                ctx.response().putHeader("Retry-After", "1");
                refuse(ctx, 503, IssueType.TRANSIENT, "The service is receiving too many request bodies at once; send it again in a second.");
                return;
            }
            long timer = ctx.vertx().setTimer(timeoutMillis, t -> {
                if (!ctx.request().isEnded() && !ctx.response().ended()) {
                    LOG.info("A request body did not arrive in time; its connection is closed");
                    refuse(ctx, 408, IssueType.TIMEOUT, "The request body did not arrive within " + timeoutMillis + " ms.");
                }
            });
            ctx.addEndHandler(done -> {
                ctx.vertx().cancelTimer(timer);
                inFlight.addAndGet(-held);
            });
            String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
                // Quarkus REST decodes a form from the network itself (it would wait for ever for a body read here); a
                // form trickling in holds a worker thread for at most body-timeout, when its connection is closed.
                ctx.next();
            } else if (ctx.request().version() == io.vertx.core.http.HttpVersion.HTTP_2) {
                // Quarkus REST cannot take an HTTP/2 request whose body was read before it (it pauses the ended stream and
                // fails): its body is read on a worker thread, which body-timeout frees by closing the connection.
                ctx.next();
            } else {
                // The whole body on the event loop, then the resource: Quarkus REST reads a body it finds here from
                // memory, where it would otherwise read it on a worker thread (held by a client sending a byte a second).
                ctx.put(READ_HERE, Boolean.TRUE);
                reader.handle(ctx);
            }
        });
    }

    /** Marks a request whose body the reader above has read. */
    private static final String READ_HERE = "retrowalk.body-read-here";

    /**
     * An empty body leaves the reader's buffer unset, and Quarkus REST, finding none, waits on the network for a body
     * that has already ended: the call never answered (the fuzzer found it). An empty buffer is the body then.
     */
    private static void emptyBodyIsABody(RoutingContext ctx) {
        if (ctx.get(READ_HERE) != null && ctx.body().buffer() == null) {
            ((io.vertx.ext.web.impl.RoutingContextInternal) ctx).setBody(io.vertx.core.buffer.Buffer.buffer());
        }
        ctx.next();
    }

    /** Answers with an OperationOutcome and closes the connection: the rest of the body is never read. */
    private static void refuse(RoutingContext ctx, int status, IssueType type, String message) {
        var response = OperationOutcomes.response(status, type, message);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end((String) response.getEntity()).onComplete(sent -> ctx.request().connection().close());
    }
}
