package org.retrowalk.cds.governance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.retrowalk.cds.governance.DashboardQueries.PerDay;
import org.retrowalk.cds.governance.GovernanceQueries.ReasonCount;

/**
 * The dashboard as sections, each a chart and the table it plots (the table is the chart's accessible form, and the
 * section's CSV is the same table), built from the governance counts and the dashboard's series.
 */
@ApplicationScoped
public class DashboardPage {

    /** Outcomes in the order a reader expects them, the most permissive first. */
    static final List<String> OUTCOME_ORDER = List.of("RECOMMEND", "MODIFY", "ASSESS_FIRST", "ADVISE_AGAINST", "NO_CARD", DashboardQueries.NO_DECISION);

    private final Labels labels;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public DashboardPage(Labels labels) {
        this.labels = labels;
    }

    /** One chart with its table. {@code chart} is Chart.js configuration as JSON; the page's script draws it. */
    public record Section(String id, String title, String description, String chart, List<String> headers, List<List<String>> rows,
                          String empty) {
        public boolean hasRows() {
            return !rows.isEmpty();
        }
    }

    /** The headline figures of the period. */
    public record Summary(long calls, long cards, long accepted, long overridden, long decided, long incomplete, String incompleteShare) {}

    public record View(String from, String to, String user, boolean open, String formToken, Summary summary, List<Section> sections) {}

    View view(ReportPeriod period, GovernanceQueries.Counts counts, DashboardQueries.Series series, String user, boolean open, String formToken) {
        long cards = counts.cards().getOrDefault("service", Map.of()).values().stream().mapToLong(GovernanceQueries.CardCounts::shown).sum();
        long accepted = counts.cards().getOrDefault("service", Map.of()).values().stream().mapToLong(GovernanceQueries.CardCounts::accepted).sum();
        long overridden = counts.cards().getOrDefault("service", Map.of()).values().stream().mapToLong(GovernanceQueries.CardCounts::overridden).sum();
        DashboardQueries.Incomplete incomplete = series.incomplete();
        Summary summary = new Summary(counts.calls().total(), cards, accepted, overridden, incomplete.decided(), incomplete.incomplete(),
                percent(incomplete.incomplete(), incomplete.decided()));
        return new View(period.from().toString(), period.to().toString(), user, open, formToken, summary,
                sections(period, counts, series));
    }

    List<Section> sections(ReportPeriod period, GovernanceQueries.Counts counts, DashboardQueries.Series series) {
        return List.of(perDay("calls", "Calls per day, by the decision's outcome",
                        "Every CDS call of the period, by the outcome the rules reached (refused and failed calls have none).", period, series.calls()),
                perDay("cards", "Cards per day, by outcome", "The cards shown to clinicians, by the outcome they carried.", period, series.cards()),
                rules(counts), incomplete(series.incomplete()), unknownCodes(counts.unclassifiedCodes()), latency(series.latency()),
                screens(series.screens()));
    }

    /** A section by its id, for its CSV. */
    Section section(List<Section> sections, String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    private Section perDay(String id, String title, String description, ReportPeriod period, List<PerDay> counts) {
        Set<String> outcomes = new LinkedHashSet<>();
        OUTCOME_ORDER.stream().filter(o -> counts.stream().anyMatch(c -> c.outcome().equals(o))).forEach(outcomes::add);
        counts.stream().map(PerDay::outcome).sorted().forEach(outcomes::add);
        Map<LocalDate, Map<String, Long>> byDay = new LinkedHashMap<>();
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            byDay.put(day, new LinkedHashMap<>());
        }
        counts.forEach(c -> byDay.computeIfAbsent(c.day(), d -> new LinkedHashMap<>()).merge(c.outcome(), c.count(), Long::sum));
        List<String> headers = new ArrayList<>(List.of("Day"));
        outcomes.forEach(o -> headers.add(labels.outcome(o)));
        headers.add("Total");
        List<List<String>> rows = new ArrayList<>();
        byDay.forEach((day, n) -> {
            if (n.isEmpty()) {
                return;
            }
            List<String> row = new ArrayList<>(List.of(day.toString()));
            outcomes.forEach(o -> row.add(Long.toString(n.getOrDefault(o, 0L))));
            row.add(Long.toString(n.values().stream().mapToLong(Long::longValue).sum()));
            rows.add(row);
        });
        ObjectNode chart = chart("bar");
        ArrayNode labelsNode = chart.withObject("data").putArray("labels");
        byDay.keySet().forEach(day -> labelsNode.add(day.toString()));
        ArrayNode datasets = chart.withObject("data").putArray("datasets");
        for (String outcome : outcomes) {
            ObjectNode dataset = datasets.addObject().put("label", labels.outcome(outcome)).put("outcome", outcome);
            ArrayNode data = dataset.putArray("data");
            byDay.values().forEach(n -> data.add(n.getOrDefault(outcome, 0L)));
        }
        chart.withObject("options").withObject("scales").withObject("x").put("stacked", true);
        chart.withObject("options").withObject("scales").withObject("y").put("stacked", true).put("beginAtZero", true).withObject("ticks").put("precision", 0);
        return new Section(id, title, description, write(chart), headers, rows, "No calls in this period.");
    }

    private Section rules(GovernanceQueries.Counts counts) {
        Map<String, GovernanceQueries.CardCounts> byRule = counts.cards().getOrDefault("rule", Map.of());
        List<String> ids = byRule.keySet().stream().sorted(DashboardPage::byRuleNumber).toList();
        List<List<String>> rows = new ArrayList<>();
        for (String id : ids) {
            GovernanceQueries.CardCounts n = byRule.get(id);
            rows.add(List.of(id, labels.rule(id), Long.toString(n.shown()), Long.toString(n.accepted()), Long.toString(n.overridden()),
                    reasons(n.overrideReasons())));
        }
        ObjectNode chart = chart("bar");
        chart.withObject("options").put("indexAxis", "y");
        chart.withObject("options").withObject("scales").withObject("x").put("beginAtZero", true).withObject("ticks").put("precision", 0);
        ArrayNode labelsNode = chart.withObject("data").putArray("labels");
        ids.forEach(labelsNode::add);
        ArrayNode datasets = chart.withObject("data").putArray("datasets");
        String[][] measures = {{"Cards shown", "2"}, {"Accepted", "3"}, {"Overridden", "4"}};
        for (String[] measure : measures) {
            ArrayNode data = datasets.addObject().put("label", measure[0]).putArray("data");
            rows.forEach(row -> data.add(Long.parseLong(row.get(Integer.parseInt(measure[1])))));
        }
        return new Section("rules", "Cards by rule: shown, accepted, overridden",
                "A card counts once under each rule it carries; accepted if a suggestion was taken, overridden if dismissed (a card can be both).",
                write(chart), List.of("Rule", "Title", "Cards shown", "Accepted", "Overridden", "Override reasons"), rows, "No cards in this period.");
    }

    private Section incomplete(DashboardQueries.Incomplete incomplete) {
        List<List<String>> rows = new ArrayList<>();
        incomplete.byUnreadPart().forEach((part, n) -> rows.add(List.of(labels.recordPart(part), Long.toString(n))));
        ObjectNode chart = chart("bar");
        chart.withObject("options").withObject("scales").withObject("y").put("beginAtZero", true).withObject("ticks").put("precision", 0);
        ArrayNode labelsNode = chart.withObject("data").putArray("labels");
        ArrayNode data = chart.withObject("data").putArray("datasets").addObject().put("label", "Answers missing this part").putArray("data");
        incomplete.byUnreadPart().forEach((part, n) -> {
            labelsNode.add(labels.recordPart(part));
            data.add(n);
        });
        return new Section("incomplete", "Answers on incomplete records, and what was missing",
                incomplete.incomplete() + " of " + incomplete.decided() + " answers (" + percent(incomplete.incomplete(), incomplete.decided())
                        + ") rested on a record the service could not read whole; such answers are only ever more cautious. An answer may miss several parts.",
                write(chart), List.of("Part of the record not read", "Answers"), rows, "Every answer of this period rested on a complete record.");
    }

    private Section unknownCodes(List<GovernanceQueries.UnclassifiedCount> unknown) {
        List<List<String>> rows = new ArrayList<>();
        unknown.forEach(u -> rows.add(List.of(u.resourceType(), u.system(), Long.toString(u.codes()), Long.toString(u.calls()))));
        ObjectNode chart = chart("bar");
        chart.withObject("options").put("indexAxis", "y");
        chart.withObject("options").withObject("scales").withObject("x").put("beginAtZero", true).withObject("ticks").put("precision", 0);
        ArrayNode labelsNode = chart.withObject("data").putArray("labels");
        ArrayNode data = chart.withObject("data").putArray("datasets").addObject().put("label", "Coded facts not classified").putArray("data");
        unknown.forEach(u -> {
            labelsNode.add(u.resourceType() + " " + u.system());
            data.add(u.codes());
        });
        return new Section("unknown-codes", "Codes the service could not classify",
                "Coded facts in a code system the service does not know, by resource type and system (never the codes): a site maps them by adding its system to the value sets.",
                write(chart), List.of("Resource type", "Code system", "Coded facts", "Calls"), rows, "Every code of this period was classified.");
    }

    private Section latency(List<DashboardQueries.Latency> latency) {
        List<List<String>> rows = new ArrayList<>();
        latency.forEach(l -> rows.add(List.of(l.serviceId(), Long.toString(l.calls()), ms(l.p50()), ms(l.p95()), ms(l.p99()), ms(l.max()))));
        ObjectNode chart = chart("bar");
        chart.withObject("options").withObject("scales").withObject("y").put("beginAtZero", true).withObject("title").put("display", true).put("text", "ms");
        ArrayNode labelsNode = chart.withObject("data").putArray("labels");
        latency.forEach(l -> labelsNode.add(l.serviceId()));
        ArrayNode datasets = chart.withObject("data").putArray("datasets");
        String[] names = {"Median", "95th percentile", "99th percentile"};
        for (int i = 0; i < names.length; i++) {
            ArrayNode data = datasets.addObject().put("label", names[i]).putArray("data");
            int column = i;
            latency.forEach(l -> data.add(column == 0 ? l.p50() : column == 1 ? l.p95() : l.p99()));
        }
        return new Section("latency", "Answer times per service", "From the request's arrival to the answer, in milliseconds, as the audit trail recorded them.",
                write(chart), List.of("Service", "Calls", "Median (ms)", "95th percentile (ms)", "99th percentile (ms)", "Slowest (ms)"), rows,
                "No calls in this period.");
    }

    private Section screens(List<DashboardQueries.Screen> screens) {
        List<List<String>> rows = new ArrayList<>();
        for (DashboardQueries.Screen s : screens) {
            long living = s.patients() - s.leftOut();
            rows.add(List.of(s.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), s.label(), Long.toString(living),
                    Long.toString(s.kneeOa()), Long.toString(s.recommend()), Long.toString(s.modify()), Long.toString(s.assessFirst()),
                    Long.toString(s.adviseAgainst()), Integer.toString(s.shares()),
                    s.millis() == 0 ? "" : String.format(Locale.ROOT, "%.0f", living * 1000.0 / s.millis())));
        }
        ObjectNode chart = chart("bar");
        chart.withObject("options").put("indexAxis", "y");
        chart.withObject("options").withObject("scales").withObject("x").put("stacked", true).put("beginAtZero", true).withObject("ticks").put("precision", 0);
        chart.withObject("options").withObject("scales").withObject("y").put("stacked", true);
        ArrayNode labelsNode = chart.withObject("data").putArray("labels");
        rows.forEach(r -> labelsNode.add(r.get(1) + " " + r.get(0)));
        ArrayNode datasets = chart.withObject("data").putArray("datasets");
        String[] outcomes = {"RECOMMEND", "MODIFY", "ASSESS_FIRST", "ADVISE_AGAINST"};
        for (int i = 0; i < outcomes.length; i++) {
            int column = 4 + i;
            ArrayNode data = datasets.addObject().put("label", labels.outcome(outcomes[i])).put("outcome", outcomes[i]).putArray("data");
            rows.forEach(r -> data.add(Long.parseLong(r.get(column))));
        }
        return new Section("screens", "Panel screens: which knee-OA patients could benefit, and which must not be offered it",
                "Populations screened through the same rules (docs/operations.md, \"Screening a panel\"); the worklists themselves stay with the screen's output.",
                write(chart), List.of("Finished (UTC)", "Screen", "Living patients", "With knee OA", labels.outcome("RECOMMEND"), labels.outcome("MODIFY"),
                        labels.outcome("ASSESS_FIRST"), labels.outcome("ADVISE_AGAINST"), "Shares", "Patients per second"), rows,
                "No panel screen finished in this period.");
    }

    private String reasons(List<ReasonCount> reasons) {
        List<String> words = new ArrayList<>();
        for (ReasonCount reason : reasons) {
            String name = reason.code() == null ? "no reason given" : reason.display() != null ? reason.display() : reason.code();
            words.add(name + ": " + reason.cards());
        }
        return String.join("; ", words);
    }

    private ObjectNode chart(String type) {
        ObjectNode chart = json.createObjectNode().put("type", type);
        chart.withObject("options").put("responsive", true).put("maintainAspectRatio", false).put("animation", false);
        return chart;
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int byRuleNumber(String a, String b) {
        return Integer.compare(number(a), number(b)) != 0 ? Integer.compare(number(a), number(b)) : a.compareTo(b);
    }

    private static int number(String ruleId) {
        String digits = ruleId.replaceAll("\\D", "");
        return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole).replace(".0%", "%");
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
