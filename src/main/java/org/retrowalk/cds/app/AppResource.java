package org.retrowalk.cds.app;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.platform.HtmlPages;
import org.retrowalk.cds.evaluation.PatientEvaluator;
import org.retrowalk.cds.record.RecordReader;

/**
 * The physiotherapist's app: SMART App Launch (GET /app/launch, GET /app/callback) and its pages, rendered on the
 * server: the decision, the prescription (checked live, saved to the EHR), the patient handout and the
 * reassessment. The browser holds only a session cookie (HttpOnly, SameSite=Lax, Secure over https); the token stays
 * here. Every form carries the session's form token, so that no other site can post on the user's behalf.
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
    PrescriptionPage prescriptionPage;
    @Inject
    HandoutPage handoutPage;
    @Inject
    ReassessmentPage reassessmentPage;
    @Inject
    EhrClient ehr;
    @Inject
    RetrowalkConfig config;
    @Location("app/decision.html")
    Template decision;
    @Location("app/prescription.html")
    Template prescription;
    @Location("app/prescription-check.html")
    Template prescriptionCheck;
    @Location("app/handout.html")
    Template handout;
    @Location("app/reassessment.html")
    Template reassessment;
    @Location("app/patient.html")
    Template choosePatient;
    @Location("app/problem.html")
    Template problem;
    @Context
    UriInfo uri;
    @Context
    HttpHeaders headers;

    @GET
    @Path("/launch")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "SMART launch: from the EHR (iss and launch), standalone (iss), or on an open FHIR server (iss and patient)")
    public Response launch(@QueryParam("iss") String iss, @QueryParam("launch") String launch, @QueryParam("patient") String patient) {
        try {
            SmartLaunch.Step step = smart.start(iss, launch, redirectUri());
            if (step.redirect() != null) {
                return page(Response.seeOther(step.redirect()));
            }
            if (patient == null || patient.isBlank()) {
                // An open server has no authorization server to pick the patient: the user names one.
                return page(Response.ok(nav(choosePatient, "").data("iss", iss).render()));
            }
            return toDecision(smart.openServer(iss, patient));
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
    public Response decision(@CookieParam(COOKIE) String sessionId, @QueryParam("recorded") int recorded) {
        return withEvaluation(sessionId, (session, evaluation) -> page(Response.ok(nav(decision, "decision")
                .data("view", decisionPage.view(evaluation)).data("recorded", recorded).render())));
    }

    @GET
    @Path("/prescription")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The prescription form, pre-filled from the decision; an existing active order is shown instead")
    public Response prescription(@CookieParam(COOKIE) String sessionId) {
        return withEvaluation(sessionId, (session, evaluation) -> {
            PrescriptionPage.Form form = prescriptionPage.prefilled(evaluation.decision());
            return prescriptionPage(200, session, evaluation, form, List.of());
        });
    }

    @POST
    @Path("/prescription/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The live check of the prescription form (the same order checks as order-sign): an HTML fragment")
    public Response checkPrescription(@CookieParam(COOKIE) String sessionId, @BeanParam PrescriptionFormFields posted) {
        return withEvaluation(sessionId, posted.formToken(), (session, evaluation) -> {
            PrescriptionPage.Form form = posted.form();
            return page(Response.ok(prescriptionCheck.data("check", prescriptionPage.draft(evaluation, form, session.practitioner()).check()).render()));
        });
    }

    @POST
    @Path("/prescription")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Save: checks the prescription, validates it against our profile and writes it to the EHR's FHIR server")
    public Response savePrescription(@CookieParam(COOKIE) String sessionId, @BeanParam PrescriptionFormFields posted) {
        return withEvaluation(sessionId, posted.formToken(), (session, evaluation) -> {
            PrescriptionPage.Form form = posted.form();
            List<ServiceRequest> existing = ehr.activeBackwardWalkingOrders(session);
            if (!existing.isEmpty()) {
                return prescriptionPage(409, session, evaluation, form, List.of("This patient already has an active backward-walking order: "
                        + "it is shown below; change or stop it in the EHR rather than adding a second."));
            }
            PrescriptionPage.View view = prescriptionPage.view(evaluation, form, existing, session.formToken());
            if (!view.prescribable()) {
                return prescriptionPage(409, session, evaluation, form, List.of(view.notPrescribable()));
            }
            PrescriptionPage.Draft draft = prescriptionPage.draft(evaluation, form, session.practitioner());
            if (!draft.check().consistent()) {
                return prescriptionPage(422, session, evaluation, form, List.of("Not saved: correct the prescription first."));
            }
            if (!draft.invalid().isEmpty()) {
                return prescriptionPage(422, session, evaluation, form, draft.invalid().stream().map(m -> "Not saved, not valid against "
                        + "the prescription profile: " + m).toList());
            }
            ehr.create(session, draft.order());
            return page(Response.seeOther(uri.getBaseUriBuilder().path("app/handout").queryParam("saved", "true").build()));
        });
    }

    @GET
    @Path("/handout")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The patient handout of the active prescription, printable, in the language asked for (lang=en|es)")
    public Response handout(@CookieParam(COOKIE) String sessionId, @QueryParam("lang") String lang, @QueryParam("saved") boolean saved) {
        return withSession(sessionId, session -> {
            List<ServiceRequest> orders = ehr.activeBackwardWalkingOrders(session);
            if (orders.isEmpty()) {
                return problem(404, "No prescription yet", "The patient has no active backward-walking prescription: write one on the "
                        + "Prescription page first, and the handout follows from it.");
            }
            HandoutPage.Language language = HandoutPage.language(lang, headers.getAcceptableLanguages());
            TemplateInstance page = nav(handout, "handout").data("view", handoutPage.view(orders.get(0), language)).data("saved", saved);
            page.setLocale(Locale.forLanguageTag(language.tag()));
            return page(Response.ok(page.render()).header("Content-Language", language.tag()));
        });
    }

    @GET
    @Path("/reassessment")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The reassessment form: TUG, 3-m backward walk test and pain")
    public Response reassessment(@CookieParam(COOKIE) String sessionId) {
        return withSession(sessionId, session -> page(Response.ok(nav(reassessment, "reassessment").data("form", ReassessmentPage.Form.empty())
                .data("problems", List.of()).data("formToken", session.formToken()).data("hints", reassessmentPage.hints()).render())));
    }

    @POST
    @Path("/reassessment")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Records the reassessment as Observations on the EHR's FHIR server, then shows the decision again")
    public Response saveReassessment(@CookieParam(COOKIE) String sessionId, @FormParam("formToken") String formToken,
                                     @FormParam("tug") String tug, @FormParam("bwt3m") String bwt3m, @FormParam("pain") String pain) {
        return withSession(sessionId, formToken, session -> {
            ReassessmentPage.Form form = new ReassessmentPage.Form(tug, bwt3m, pain);
            ReassessmentPage.Results results = reassessmentPage.results(session.patientId(), form);
            if (!results.problems().isEmpty()) {
                return page(Response.status(422).entity(nav(reassessment, "reassessment").data("form", form).data("problems", results.problems())
                        .data("formToken", session.formToken()).data("hints", reassessmentPage.hints()).render()));
            }
            for (Observation observation : results.observations()) {
                ehr.create(session, observation);
            }
            return page(Response.seeOther(uri.getBaseUriBuilder().path("app/decision").queryParam("recorded", results.observations().size()).build()));
        });
    }

    private Response prescriptionPage(int status, AppSession session, PatientEvaluator.Evaluation evaluation, PrescriptionPage.Form form,
                                      List<String> messages) {
        List<ServiceRequest> existing = ehr.activeBackwardWalkingOrders(session);
        return page(Response.status(status).entity(nav(prescription, "prescription")
                .data("view", prescriptionPage.view(evaluation, form, existing, session.formToken())).data("messages", messages).render()));
    }

    /** A page that needs the decision: it is made again on every page, from the record as the EHR holds it now. */
    private interface SessionPage {
        Response render(AppSession session, PatientEvaluator.Evaluation evaluation);
    }

    private Response withSession(String sessionId, Function<AppSession, Response> render) {
        return withSession(sessionId, null, render, false);
    }

    private Response withSession(String sessionId, String formToken, Function<AppSession, Response> render) {
        return withSession(sessionId, formToken, render, true);
    }

    private Response withSession(String sessionId, String formToken, Function<AppSession, Response> render, boolean posted) {
        Optional<AppSession> session = sessions.find(sessionId);
        if (session.isEmpty()) {
            return problem(401, "Please launch the app again", "Your session has ended (or never began): open the app from the "
                    + "patient's chart in the EHR.");
        }
        if (posted && !HtmlPages.sameToken(session.get().formToken(), formToken)) {
            return problem(403, "The form could not be accepted", "It did not come from this app's page. Reload the page and try again.");
        }
        try {
            return render.apply(session.get());
        } catch (RecordReader.RecordUnavailableException e) {
            return problem(502, "The patient's record could not be read", e.getMessage());
        } catch (EhrClient.EhrException e) {
            return problem(e.status() == 401 || e.status() == 403 ? e.status() : 502, "The EHR did not accept the request", e.getMessage());
        }
    }

    private Response withEvaluation(String sessionId, SessionPage render) {
        return withSession(sessionId, session -> render.render(session, evaluate(session)));
    }

    private Response withEvaluation(String sessionId, String formToken, SessionPage render) {
        return withSession(sessionId, formToken, session -> render.render(session, evaluate(session)));
    }

    private PatientEvaluator.Evaluation evaluate(AppSession session) {
        return evaluator.evaluate(session.patientId(), session.fhirServer(), session.accessToken());
    }

    private static TemplateInstance nav(Template template, String current) {
        return template.data("current", current);
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
        return page(Response.status(status).entity(nav(problem, "").data("title", title).data("message", message).render()));
    }

    /** No page of the app is cached, and none may load anything but its own resources. */
    private static Response page(Response.ResponseBuilder response) {
        return HtmlPages.page(response, true);
    }
}
