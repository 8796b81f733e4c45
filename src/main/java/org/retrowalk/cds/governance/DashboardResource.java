package org.retrowalk.cds.governance;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.platform.HtmlPages;
import org.retrowalk.cds.platform.Csv;
import org.retrowalk.cds.platform.CdsException;

/**
 * The governance dashboard: the period's picture as charts with their tables and CSV files. Signed in with the
 * hospital's identity provider (OpenID Connect) while client authentication is on; open, with a warning, while it
 * is off, as the reports are. The browser holds only a session id cookie (HttpOnly, Secure, SameSite=Lax, path
 * /dashboard); the only state-changing request (sign out) carries the session's form token.
 */
@Path("/dashboard")
@Tag(name = "Governance dashboard", description = "Pages for clinical governance (signed in with the hospital's identity provider)")
public class DashboardResource {

    private static final Logger LOG = Logger.getLogger(DashboardResource.class);
    static final String COOKIE = "retrowalk-dashboard";
    static final String LOGIN_COOKIE = "retrowalk-dashboard-login";

    @Inject
    GovernanceQueries queries;
    @Inject
    DashboardQueries dashboardQueries;
    @Inject
    DashboardPage page;
    @Inject
    GovernanceLogin login;
    @Inject
    DashboardSessions sessions;
    @Inject
    RetrowalkConfig config;
    @Context
    UriInfo uri;

    @Location("governance/dashboard.html")
    Template dashboard;
    @Location("governance/message.html")
    Template message;

    private final Clock clock = Clock.systemUTC();

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The dashboard for a period (from, to: YYYY-MM-DD, UTC; the last 30 days by default)")
    public Response show(@CookieParam(COOKIE) String sessionId, @QueryParam("from") String from, @QueryParam("to") String to) {
        Optional<DashboardSessions.Session> session = sessions.find(sessionId);
        if (login.required() && session.isEmpty()) {
            return signIn();
        }
        ReportPeriod period = period(from, to);
        if (period == null) {
            return html(Response.status(400).entity(message.data("title", "Not a period").data("text",
                    "The period must be two dates, YYYY-MM-DD, the first not after the second, at most ten years apart.").data("signIn", false).render()));
        }
        try {
            DashboardPage.View view = page.view(period, queries.counts(period.start(), period.end()),
                    dashboardQueries.series(period.start(), period.end()), session.map(DashboardSessions.Session::user).orElse(null),
                    !login.required(), session.map(DashboardSessions.Session::formToken).orElse(null));
            return html(Response.ok(dashboard.data("view", view).render()));
        } catch (SQLException e) {
            LOG.warnf("Dashboard: audit database unavailable (%s)", e.getClass().getSimpleName());
            return html(Response.status(503).entity(message.data("title", "The audit database is not available")
                    .data("text", "Try again in a minute; operations can see the audit database's state on the wellness check.").data("signIn", false).render()));
        }
    }

    @GET
    @Path("/csv/{section}")
    @Produces("text/csv")
    @Operation(summary = "One section of the dashboard (calls, cards, rules, incomplete, unknown-codes, latency) as CSV: the table shown under its chart")
    public Response csv(@CookieParam(COOKIE) String sessionId, @PathParam("section") String id, @QueryParam("from") String from,
                        @QueryParam("to") String to) {
        if (login.required() && sessions.find(sessionId).isEmpty()) {
            return Response.status(401).type(MediaType.TEXT_PLAIN_TYPE).entity("Sign in to the dashboard first.").build();
        }
        ReportPeriod period = ReportPeriod.parse(from, to, clock);
        List<DashboardPage.Section> sections;
        try {
            sections = page.sections(period, queries.counts(period.start(), period.end()), dashboardQueries.series(period.start(), period.end()));
        } catch (SQLException e) {
            throw GovernanceResource.unavailable(e);
        }
        DashboardPage.Section section = page.section(sections, id);
        if (section == null) {
            throw CdsException.notFound("No dashboard section '" + id.replaceAll("[^a-z-]", "") + "'.");
        }
        Csv table = new Csv().row(section.headers());
        section.rows().forEach(table::row);
        return Response.ok(table.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"retrowalk-" + id + "-" + period.from() + "-to-" + period.to() + ".csv\"")
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/login")
    @Operation(summary = "Sign in: to the identity provider (authorization code with PKCE)")
    public Response signInStart() {
        if (!login.required()) {
            return Response.seeOther(uri.getBaseUriBuilder().path("dashboard").build()).build();
        }
        if (!login.configured()) {
            return html(Response.status(503).entity(message.data("title", "Sign-in is not configured").data("text",
                    "The dashboard signs users in at the governance identity provider of retrowalk.auth.issuers (role governance) with a client id "
                            + "(retrowalk.dashboard.client-id, or the issuer's audience). See docs/audit.md.").data("signIn", false).render()));
        }
        String state = DashboardSessions.newId();
        try {
            URI target = login.begin(redirectUri(), state);
            NewCookie bound = cookie(LOGIN_COOKIE, state, 600);
            return Response.seeOther(target).cookie(bound).header("Cache-Control", "no-store").build();
        } catch (GovernanceLogin.LoginException e) {
            return html(Response.status(502).entity(message.data("title", "Sign-in is not possible now").data("text", e.getMessage()).data("signIn", true).render()));
        }
    }

    @GET
    @Path("/callback")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "OpenID Connect redirect URI: the identity provider's answer")
    public Response callback(@CookieParam(LOGIN_COOKIE) String boundState, @QueryParam("state") String state, @QueryParam("code") String code,
                             @QueryParam("error") String error) {
        if (!HtmlPages.sameToken(boundState, state)) {
            // The sign-in must finish in the browser that started it: else someone could sign a user in as themselves.
            return html(Response.status(400).entity(message.data("title", "The sign-in did not complete").data("text",
                    "This answer does not belong to a sign-in started in this browser; sign in again.").data("signIn", true).render()));
        }
        try {
            DashboardSessions.Session session = login.complete(state, code, error, redirectUri());
            return Response.seeOther(uri.getBaseUriBuilder().path("dashboard").build())
                    .cookie(cookie(COOKIE, session.id(), -1), cookie(LOGIN_COOKIE, "", 0)).header("Cache-Control", "no-store").build();
        } catch (GovernanceLogin.LoginException e) {
            return html(Response.status(403).entity(message.data("title", "The sign-in did not complete").data("text", e.getMessage())
                    .data("signIn", true).render()).cookie(cookie(LOGIN_COOKIE, "", 0)));
        }
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign out (the form carries the session's form token)")
    public Response logout(@CookieParam(COOKIE) String sessionId, @FormParam("formToken") String formToken) {
        Optional<DashboardSessions.Session> session = sessions.find(sessionId);
        if (session.isEmpty() || !HtmlPages.sameToken(session.get().formToken(), formToken)) {
            return html(Response.status(403).entity(message.data("title", "Not signed out").data("text",
                    "This form does not belong to your session; reload the dashboard and sign out from it.").data("signIn", false).render()));
        }
        sessions.close(sessionId);
        return html(Response.ok(message.data("title", "Signed out").data("text", "You have signed out of the governance dashboard.")
                .data("signIn", true).render()).cookie(cookie(COOKIE, "", 0)));
    }

    private Response signIn() {
        return Response.seeOther(uri.getBaseUriBuilder().path("dashboard/login").build()).header("Cache-Control", "no-store").build();
    }

    private ReportPeriod period(String from, String to) {
        try {
            return ReportPeriod.parse(from, to, clock);
        } catch (CdsException e) {
            return null;
        }
    }

    private URI redirectUri() {
        return config.dashboard().url().map(url -> URI.create(url.replaceAll("/$", "") + "/callback"))
                .orElseGet(() -> uri.getBaseUriBuilder().path("dashboard/callback").build());
    }

    private static NewCookie cookie(String name, String value, int maxAge) {
        return new NewCookie.Builder(name).value(value).path("/dashboard").httpOnly(true).secure(true)
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private static Response html(Response.ResponseBuilder response) {
        return HtmlPages.page(response, false);
    }
}
