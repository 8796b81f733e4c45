package org.retrowalk.cds.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.retrowalk.cds.governance.GovernanceQueries.CardCounts;
import org.retrowalk.cds.governance.GovernanceQueries.ReasonCount;

/** The governance report as JSON: the period, the calls, and the cards by outcome, rule and service with their feedback. */
public record GovernanceReport(
        String from,
        String to,
        String timeZone,
        Instant generatedAt,
        String ruleSetVersion,
        long retentionDays,
        GovernanceQueries.CallCounts calls,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Group> byOutcome,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Group> byRule,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Group> byService,
        GovernanceQueries.FeedbackCounts feedback,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<GovernanceQueries.UnclassifiedCount> unclassifiedCodes,
        String definitions) {

    static final String DEFINITIONS = "Cards and calls are counted by when the card was shown, feedback totals by when the feedback "
            + "arrived; both ends of the period are included, in UTC. A card counts as accepted if any feedback accepted one of its "
            + "suggestions and as overridden if any feedback overrode it (a card can be both). Override reasons count cards, once per "
            + "reason; one without system and code counts overrides without a reason. A card counts once under each rule it carries. "
            + "Unclassified codes: coded facts in a code system the service does not know (or text only), by resource type and system, "
            + "with the number of calls they came in; a site maps them by adding its system to the value sets.";

    /** One outcome, rule or service: cards shown, and how clinicians answered them. */
    public record Group(String key, String label, long cardsShown, long accepted, long overridden, List<ReasonCount> overrideReasons) {}

    static List<Group> groups(Map<String, CardCounts> counts, java.util.function.Function<String, String> label) {
        List<Group> groups = new ArrayList<>();
        counts.forEach((key, n) -> groups.add(new Group(key, label.apply(key), n.shown(), n.accepted(), n.overridden(), n.overrideReasons())));
        return groups;
    }
}
