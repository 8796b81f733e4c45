package org.retrowalk.cds.governance;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jboss.logging.Logger;
import org.retrowalk.cds.audit.FeedbackOutcome;
import org.retrowalk.cds.audit.Retention;
import org.retrowalk.cds.decision.RuleSet;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.platform.Csv;
import org.retrowalk.cds.terminology.Terminology;

/**
 * What clinical governance reads: per decision outcome, rule and service, the cards shown over a period and
 * how clinicians answered them; and the feedback entries themselves, with override reasons and comments.
 * JSON by default, CSV with ?format=csv or Accept: text/csv. Behind a governance issuer's token when
 * authentication is on.
 */
@Path("/governance")
@Tag(name = "Governance", description = "What the rules advised and how clinicians responded (needs a token with the governance role)")
public class GovernanceResource {

    private static final Logger LOG = Logger.getLogger(GovernanceResource.class);
    static final String CSV = "text/csv";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private final GovernanceQueries queries;
    private final Terminology terminology;
    private final RuleSet rules;
    private final Labels labels;
    private final Retention retention;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public GovernanceResource(GovernanceQueries queries, Terminology terminology, RuleSet rules, Labels labels, Retention retention) {
        this.labels = labels;
        this.queries = queries;
        this.terminology = terminology;
        this.rules = rules;
        this.retention = retention;
    }

    @GET
    @Path("/report")
    @Operation(summary = "The governance report for a period: calls, outcomes, rules fired, cards accepted and overridden, as JSON or CSV")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response report(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("format") String format,
                           @HeaderParam("Accept") String accept) {
        boolean csv = wantsCsv(format, accept);
        ReportPeriod period = ReportPeriod.parse(from, to, clock);
        GovernanceQueries.Counts counts;
        try {
            counts = queries.counts(period.start(), period.end());
        } catch (SQLException e) {
            throw unavailable(e);
        }
        GovernanceReport report = new GovernanceReport(period.from().toString(), period.to().toString(), "UTC", Instant.now(clock),
                rules.version(), retention.retention().toDays(), counts.calls(),
                GovernanceReport.groups(counts.cards().get("outcome"), labels::outcome),
                GovernanceReport.groups(counts.cards().get("rule"), labels::rule),
                GovernanceReport.groups(counts.cards().get("service"), k -> k),
                counts.feedback(), counts.unclassifiedCodes(), GovernanceReport.DEFINITIONS);
        if (!csv) {
            return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
        }
        return csvResponse(reportCsv(report), "retrowalk-report-" + period.from() + "-to-" + period.to() + ".csv");
    }

    @GET
    @Path("/feedback")
    @Operation(summary = "Feedback entries for a period, newest first, as JSON or CSV")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response feedback(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("outcome") String outcome,
                             @QueryParam("limit") String limit, @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        boolean csv = wantsCsv(format, accept);
        ReportPeriod period = ReportPeriod.parse(from, to, clock);
        if (outcome != null && FeedbackOutcome.of(outcome).isEmpty()) {
            throw CdsException.badRequest("Parameter 'outcome' must be 'accepted' or 'overridden'.");
        }
        int max = limit(limit);
        List<GovernanceQueries.FeedbackRow> rows;
        try {
            rows = queries.feedback(period.start(), period.end(), outcome, max);
        } catch (SQLException e) {
            throw unavailable(e);
        }
        if (!csv) {
            return Response.ok(new FeedbackListing(period.from().toString(), period.to().toString(), rows.size(), rows.size() == max, rows),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        Csv table = new Csv().row(List.of("received_at", "outcome_at", "service", "client", "card", "card_outcome", "indicator", "rules",
                "rule_set_version", "feedback", "accepted_suggestions", "reason_system", "reason_code", "reason_display", "user_comment"));
        for (GovernanceQueries.FeedbackRow row : rows) {
            table.row(java.util.Arrays.asList(row.receivedAt(), row.outcomeAt(), row.serviceId(), row.client(), row.card(), row.cardOutcome(),
                    row.indicator(), String.join(" ", row.rules()), row.ruleSetVersion(), row.outcome(), String.join(" ", row.acceptedSuggestions()),
                    row.reasonSystem(), row.reasonCode(), row.reasonDisplay(), row.userComment()));
        }
        return csvResponse(table.toString(), "retrowalk-feedback-" + period.from() + "-to-" + period.to() + ".csv");
    }

    /** The feedback entries of a period; {@code truncated} when there were more than {@code limit}. */
    public record FeedbackListing(String from, String to, int count, boolean truncated,
                                  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS) List<GovernanceQueries.FeedbackRow> entries) {}

    /** One row per outcome, rule and service; one column per override reason this service offers. */
    String reportCsv(GovernanceReport report) {
        List<String> ours = terminology.codeSystem("override-reason").getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList();
        List<Object> header = new ArrayList<>(List.of("dimension", "key", "label", "cards_shown", "accepted", "overridden"));
        ours.forEach(code -> header.add("overridden_" + code.replace('-', '_')));
        header.add("overridden_other_reason");
        header.add("overridden_no_reason");
        header.add("unclassified_coded_facts");
        header.add("unclassified_in_calls");
        Csv table = new Csv().row(header);
        Map<String, List<GovernanceReport.Group>> dimensions = Map.of("outcome", report.byOutcome(), "rule", report.byRule(), "service", report.byService());
        for (String dimension : List.of("outcome", "rule", "service")) {
            for (GovernanceReport.Group group : dimensions.get(dimension)) {
                List<Object> row = new ArrayList<>(List.of(dimension, group.key(), group.label(), group.cardsShown(), group.accepted(), group.overridden()));
                long other = 0;
                long none = 0;
                long[] byCode = new long[ours.size()];
                for (GovernanceQueries.ReasonCount reason : group.overrideReasons()) {
                    int index = Terminology.OVERRIDE_REASON_SYSTEM.equals(reason.system()) ? ours.indexOf(reason.code()) : -1;
                    if (reason.code() == null) {
                        none += reason.cards();
                    } else if (index >= 0) {
                        byCode[index] += reason.cards();
                    } else {
                        other += reason.cards();
                    }
                }
                for (long n : byCode) {
                    row.add(n);
                }
                row.add(other);
                row.add(none);
                row.add("");
                row.add("");
                table.row(row);
            }
        }
        // Unclassified codes: the resource type as key, the code system as label, and only the last two columns.
        for (GovernanceQueries.UnclassifiedCount u : report.unclassifiedCodes()) {
            List<Object> row = new ArrayList<>(List.of("unclassified_codes", u.resourceType(), u.system()));
            while (row.size() < header.size() - 2) {
                row.add("");
            }
            row.add(u.codes());
            row.add(u.calls());
            table.row(row);
        }
        return table.toString();
    }

    private static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            if (!format.equals("csv") && !format.equals("json")) {
                throw CdsException.badRequest("Parameter 'format' must be 'json' or 'csv'.");
            }
            return format.equals("csv");
        }
        return accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw CdsException.badRequest("Parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static Response csvResponse(String body, String filename) {
        return Response.ok(body, CSV + "; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"" + filename + "\"").build();
    }

    static CdsException unavailable(SQLException e) {
        LOG.errorf("Governance query failed (SQL state %s)", e.getSQLState());
        return new CdsException(503, IssueType.TRANSIENT, "The audit database could not be read just now; try again.");
    }
}
