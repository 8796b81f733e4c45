package org.retrowalk.cds.app;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.evaluation.PatientEvaluator;
import org.retrowalk.cds.record.RecordReader;

/**
 * The physiotherapist's app: SMART App Launch (GET /app/launch, GET /app/callback) and its pages, rendered on the
 * server. The browser holds only a session cookie (HttpOnly, SameSite=Lax, Secure over https); the token stays here.
 */
@Path("/app")
@Tag(name = "App", description = "The physiotherapist's app (SMART App Launch 2.0), for browsers")
public class AppResource {

    static final String COOKIE = "retrowalk_app";

    @Inject
    SmartLaunch smart;
    @Inject
    AppSessions sessions;
    @Inject
    PatientEvaluator evaluator;
    @Inject
    DecisionPage decisionPage;
    @Inject
    RetrowalkConfig config;
    @Location("app/decision.html")
    Template decision;
    @Location("app/problem.html")
    Template problem;
    @Context
    UriInfo uri;

    @GET
    @Path("/launch")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "SMART launch: from the EHR (iss and launch), standalone (iss), or on an open FHIR server (iss and patient)")
    public Response launch(@QueryParam("iss") String iss, @QueryParam("launch") String launch, @QueryParam("patient") String patient) {
        try {
            SmartLaunch.Step step = smart.start(iss, launch, redirectUri());
            if (step.redirect() == null) {
                return toDecision(smart.openServer(iss, patient));
            }
            return page(Response.seeOther(step.redirect()));
        } catch (SmartLaunch.LaunchException e) {
            return problem(400, "The app could not be launched", e.getMessage());
        }
    }

    @GET
    @Path("/callback")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "SMART redirect URI: the EHR's authorization answer")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code, @QueryParam("error") String error) {
        try {
            return toDecision(smart.complete(state, code, error));
        } catch (SmartLaunch.LaunchException e) {
            return problem(400, "The sign-in did not complete", e.getMessage());
        }
    }

    @GET
    @Path("/decision")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The decision for the patient in context, with its whole explanation")
    public Response decision(@CookieParam(COOKIE) String sessionId) {
        Optional<AppSession> session = sessions.find(sessionId);
        if (session.isEmpty()) {
            return problem(401, "Please launch the app again", "Your session has ended (or never began): open the app from the "
                    + "patient's chart in the EHR.");
        }
        PatientEvaluator.Evaluation evaluation;
        try {
            evaluation = evaluator.evaluate(session.get().patientId(), session.get().fhirServer(), session.get().accessToken());
        } catch (RecordReader.RecordUnavailableException e) {
            return problem(502, "The patient's record could not be read", e.getMessage());
        }
        return page(Response.ok(decision.data("view", decisionPage.view(evaluation)).render()));
    }

    private Response toDecision(AppSession session) {
        NewCookie cookie = new NewCookie.Builder(COOKIE).value(session.id()).path("/app").httpOnly(true)
                .secure("https".equals(uri.getBaseUri().getScheme())).sameSite(NewCookie.SameSite.LAX).build();
        return page(Response.seeOther(uri.getBaseUriBuilder().path("app/decision").build()).cookie(cookie));
    }

    private URI redirectUri() {
        return config.app().url().map(url -> URI.create(url.replaceAll("/$", "") + "/callback"))
                .orElseGet(() -> uri.getBaseUriBuilder().path("app/callback").build());
    }

    private Response problem(int status, String title, String message) {
        return page(Response.status(status).entity(problem.data("title", title).data("message", message).render()));
    }

    /** No page of the app is cached, and none may load anything but its own resources. */
    private static Response page(Response.ResponseBuilder response) {
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
