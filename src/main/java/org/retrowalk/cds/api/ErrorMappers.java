package org.retrowalk.cds.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.retrowalk.cds.fhir.OperationOutcomes;
import org.retrowalk.cds.platform.CdsException;

/**
 * Every failure becomes an OperationOutcome with a 4xx that names the problem; nothing unforeseen becomes
 * a stack trace in a body. Messages are ours or Jackson's location data, never the offending input, which
 * could hold a token or patient data.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response cds(CdsException e) {
        return OperationOutcomes.response(e.status(), e.issueType(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return OperationOutcomes.response(400, IssueType.STRUCTURE, describe(e));
    }

    /** Quarkus maps this subtype itself (an empty 400); ours names the field. */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        String message;
        if (e instanceof NotSupportedException) {
            message = "Content-Type must be application/json.";
        } else if (e instanceof NotAllowedException) {
            message = "This HTTP method is not allowed here.";
        } else if (status == 404) {
            message = "No such resource.";
        } else if (status == 400) {
            message = "The request body could not be read as CDS Hooks JSON.";
        } else {
            message = e.getResponse().getStatusInfo().getReasonPhrase();
        }
        if (status >= 500) {
            LOG.errorf("Request failed with %d (%s)", status, e.getClass().getName());
        }
        return OperationOutcomes.response(status, status == 404 ? IssueType.NOTFOUND
                : status == 415 ? IssueType.NOTSUPPORTED : IssueType.INVALID, message);
    }

    @ServerExceptionMapper(priority = 6000)
    public Response unexpected(Throwable e) {
        if (callerWentAway(e)) {
            // Not a failure of ours: the caller (an EHR that gave up, a load tool stopping) closed the connection
            // before its request body arrived, and nobody is left to read an answer.
            LOG.info("The caller closed the connection before its request was read");
            return OperationOutcomes.response(400, IssueType.INCOMPLETE, "The request body ended before it was complete.");
        }
        if (badlyEncoded(e)) {
            // A form or query with a broken percent escape ("%zz"): Quarkus REST fails decoding it before any resource runs.
            return OperationOutcomes.response(400, IssueType.INVALID, "The form or query is not correctly URL-encoded (a '%' not followed by two hex digits).");
        }
        // Logged with its class and stack frames for the operators; the caller learns only that it failed.
        LOG.error("Unexpected failure while answering a CDS call", sanitized(e));
        return OperationOutcomes.response(500, IssueType.EXCEPTION, "The service failed to answer; the failure was logged.");
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return "The request body is not well-formed JSON" + location(e) + ".";
        }
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String problem = e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                    && invalid.getTargetType().getName().startsWith("org.hl7.fhir")
                    ? e.getOriginalMessage() : "has the wrong JSON type";
            return "Field '" + (path.isEmpty() ? "(body)" : path) + "' " + (problem.startsWith("has") ? problem : "is " + problem) + ".";
        }
        return "The request body could not be read" + location(e) + ".";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** Quarkus REST could not URL-decode a form field or query parameter (URLUtils.failedToDecodeURL). */
    static boolean badlyEncoded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().endsWith(".URLUtils") && frame.getMethodName().equals("failedToDecodeURL")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An I/O failure while the request body was being read: the connection closed under it. */
    static boolean callerWentAway(Throwable e) {
        boolean io = false;
        boolean readingBody = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            io |= t instanceof IOException;
            for (StackTraceElement frame : t.getStackTrace()) {
                readingBody |= frame.getClassName().contains("VertxInputStream");
            }
        }
        return io && readingBody;
    }

    /** The stack trace without the messages, which may quote request content. */
    private static Throwable sanitized(Throwable e) {
        RuntimeException copy = new RuntimeException(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && e.getCause() != e) {
            copy.initCause(sanitized(e.getCause()));
        }
        return copy;
    }
}
