package org.retrowalk.cds.cards;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.retrowalk.cds.cdshooks.Action;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.CdsCoding;
import org.retrowalk.cds.cdshooks.Indicator;
import org.retrowalk.cds.cdshooks.Link;
import org.retrowalk.cds.cdshooks.Source;
import org.retrowalk.cds.cdshooks.Suggestion;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.FiredRule;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.RuleCatalogue;
import org.retrowalk.cds.decision.RuleTexts;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.orders.Orders;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.platform.Uuids;
import org.retrowalk.cds.terminology.Terminology;

/** Turns a decision into the patient-view card (clinical specification, sections 6 and 8; CDS contract, Cards). */
@ApplicationScoped
public class CardFactory {

    public static final String EXTENSION_KEY = "org.retrowalk.decision";
    /** CDS Hooks: a summary "SHOULD be under a 140-character limit" (our contract: < 140); ours is never cut. */
    static final int MAX_SUMMARY = 139;
    /** Always cited: the benefit, the risk, and the place of exercise in knee OA care. */
    private static final List<String> ALWAYS_CITED = List.of("LIN2025", "THO2000", "NICE226");

    private final RuleTexts texts;
    private final Terminology terminology;
    private final ClinicalParameters parameters;
    private final Orders orders;
    private final DetailWriter detail;
    private final String documentationUrl;
    /** The app's launch URL (retrowalk.app.url + /launch), or null: cards link to the app only when it is set. */
    private String appLaunchUrl;

    @Inject
    public CardFactory(Terminology terminology, ClinicalParameters parameters, RuleTexts texts, RetrowalkConfig config) {
        this(terminology, parameters, texts, config.cards().documentationUrl());
        this.appLaunchUrl = config.app().url().map(url -> url.replaceAll("/$", "") + "/launch").orElse(null);
    }

    public CardFactory(Terminology terminology, ClinicalParameters parameters, RuleTexts texts, String documentationUrl) {
        this.texts = texts;
        this.terminology = terminology;
        this.parameters = parameters;
        this.orders = new Orders(terminology, parameters);
        this.detail = new DetailWriter(texts, terminology);
        this.documentationUrl = documentationUrl;
    }

    Orders orders() {
        return orders;
    }

    DetailWriter detailWriter() {
        return detail;
    }

    public RuleCatalogue catalogue() {
        return texts.catalogue();
    }

    /** A safety modification's short label, its numbers from the parameters. */
    String label(SafetyModification modification) {
        return texts.label(modification);
    }

    /** No card for NO_CARD; otherwise one card carrying the whole decision. */
    public List<Card> patientView(Decision decision, ClinicalFacts facts, String userId) {
        if (decision.outcome() == Outcome.NO_CARD) {
            return List.of();
        }
        int minutes = orders.minutesPerSession(decision.modifications());
        List<Suggestion> suggestions = suggestions(decision, facts, userId);
        Indicator indicator = decision.outcome() == Outcome.MODIFY || decision.outcome() == Outcome.ADVISE_AGAINST ? Indicator.WARNING : Indicator.INFO;
        return List.of(new Card(
                Uuids.next(),
                summary(decision),
                detail.write(decision, facts, minutes),
                indicator,
                source(decision),
                suggestions,
                suggestions.isEmpty() ? null : "any",
                indicator == Indicator.INFO ? List.of() : overrideReasons(decision.outcome()),
                links(decision),
                extension(decision, null)));
    }

    /**
     * Who answers, with the rule set's declared version (the contract asks for it); the fingerprint after "+" stays in
     * the extension, out of the words a clinician reads.
     */
    Source source(Decision decision) {
        String declared = decision.ruleSetVersion().split("\\+")[0];
        return new Source("retrowalk-cds, backward-walking rules " + declared, documentationUrl,
                new CdsCoding(Terminology.TOPIC_SYSTEM, "backward-walking-knee-oa", terminology.display("cds-topic", "backward-walking-knee-oa")));
    }

    /** The org.retrowalk.decision extension; {@code order} names the draft order a card is about, if any. */
    Map<String, Object> extension(Decision decision, String order) {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put(EXTENSION_KEY, new DecisionExtension(decision.outcome().name(), decision.ruleIds(),
                decision.modifications().stream().map(Enum::name).toList(), decision.ruleSetVersion(),
                decision.dataComplete(), decision.unreadSources().keySet().stream().sorted().toList(), order));
        return extension;
    }

    /**
     * The machine-readable decision: the same values the text shows. dataComplete and unreadSources go beyond
     * the contract's four fields: they tell governance which answers rest on a partly unreadable record.
     */
    public record DecisionExtension(String outcome, List<String> rules, List<String> modifications, String ruleSetVersion,
                                    Boolean dataComplete, List<String> unreadSources, String order) {}

    /** The decision in at most 140 characters, never cut: the list it ends with says how many more it leaves out. */
    String summary(Decision decision) {
        return switch (decision.outcome()) {
            case RECOMMEND -> recommend();
            case MODIFY -> fitted("Backward walking only with safety measures: ", labels(decision.modifications()), ", ", "");
            case ADVISE_AGAINST -> decision.dataComplete()
                    ? fitted("Backward walking not advised now: ", phrases(decision, Outcome.ADVISE_AGAINST), "; ", " reasons")
                    : "Backward walking not advised now: part of the record could not be read";
            case ASSESS_FIRST -> fitted("Before backward walking: ", phrases(decision, Outcome.ASSESS_FIRST), "; ", "");
            case NO_CARD -> "";
        };
    }

    /** The decision in one sentence, whole: the app's headline. */
    public String headline(Decision decision) {
        return switch (decision.outcome()) {
            case RECOMMEND -> recommend();
            case MODIFY -> "Backward walking as an adjunct only with safety measures: " + String.join(", ", labels(decision.modifications()));
            case ADVISE_AGAINST -> decision.dataComplete()
                    ? "Backward walking not advised now: " + String.join("; ", phrases(decision, Outcome.ADVISE_AGAINST))
                    : "Backward walking not advised now: part of the record could not be read";
            case ASSESS_FIRST -> "Before backward walking: " + String.join("; ", phrases(decision, Outcome.ASSESS_FIRST));
            case NO_CARD -> "";
        };
    }

    private String recommend() {
        ClinicalParameters.Prescription dose = parameters.prescription();
        return "Consider adding backward walking to knee OA exercise therapy (" + dose.minutesPerSession() + " min, "
                + dose.sessionsPerWeek() + "x a week, " + dose.programmeWeeks() + " weeks)";
    }

    List<String> labels(List<SafetyModification> modifications) {
        return modifications.stream().map(this::label).toList();
    }

    /** The summary phrases of the rules with this outcome, without repeats. */
    List<String> phrases(Decision decision, Outcome outcome) {
        return decision.rulesWith(outcome).stream().map(FiredRule::getSummary).filter(s -> s != null).distinct().toList();
    }

    /**
     * {@code lead} and as many items as fit in 140 characters, then "and N more" (with {@code noun}) for the rest: a
     * summary that is never cut mid-word and never ends in an ellipsis.
     */
    static String fitted(String lead, List<String> items, String separator, String noun) {
        for (int shown = items.size(); shown >= 1; shown--) {
            int more = items.size() - shown;
            String text = lead + String.join(separator, items.subList(0, shown))
                    + (more > 0 ? (separator.trim().isEmpty() ? " " : separator.equals(", ") ? " and " : "; and ") + more + " more" + noun : "");
            if (text.length() <= MAX_SUMMARY) {
                return text;
            }
        }
        String count = items.size() + (noun.isEmpty() ? " items" : noun);
        return (lead + count).length() <= MAX_SUMMARY ? lead + count : withoutColon(lead.strip());
    }

    private List<Suggestion> suggestions(Decision decision, ClinicalFacts facts, String userId) {
        String patientId = facts.patient().getId();
        List<Suggestion> suggestions = new ArrayList<>();
        switch (decision.outcome()) {
            case RECOMMEND, MODIFY -> {
                String label = decision.modifications().isEmpty() ? "Order a backward-walking programme"
                        : "Order a backward-walking programme with " + decision.modifications().size() + " safety measures";
                suggestions.add(suggestion(label, true, Action.create("Propose the backward-walking programme as a physiotherapy order",
                        orders.backwardWalkingProgramme(facts, decision.modifications(), userId))));
                Integer age = facts.patient().getAge();
                if (decision.outcome() == Outcome.RECOMMEND && age != null && age < parameters.age().older() && !facts.hasUsablePerformanceTest()) {
                    suggestions.add(suggestion("Order a baseline Timed Up and Go", false,
                            Action.create("Order a Timed Up and Go as a baseline", orders.assessment(patientId, userId, "tug"))));
                }
            }
            case ASSESS_FIRST -> {
                List<Action> actions = assessmentActions(decision, patientId, userId);
                if (!actions.isEmpty()) {
                    suggestions.add(new Suggestion("Order the missing falls and balance assessments", Uuids.next(), true, actions));
                }
            }
            case ADVISE_AGAINST -> referral(decision, patientId, userId).ifPresent(suggestions::add);
            case NO_CARD -> {
            }
        }
        medicationReview(decision, patientId, userId).ifPresent(suggestions::add);
        return suggestions;
    }

    /** The falls screen (STEADI) and the balance tests (TUG, 3-m backward walk test), as the rules that fired ask. */
    List<Action> assessmentActions(Decision decision, String patientId, String userId) {
        List<Action> actions = new ArrayList<>();
        if (suggested(decision, "steadi-screen")) {
            actions.add(Action.create("Order the STEADI falls screen", orders.assessment(patientId, userId, "steadi-screen")));
        }
        if (suggested(decision, "balance-tests")) {
            actions.add(Action.create("Order a Timed Up and Go", orders.assessment(patientId, userId, "tug")));
            actions.add(Action.create("Order a 3-m backward walk test", orders.assessment(patientId, userId, "bwt3m")));
        }
        return actions;
    }

    /** Strength and balance training, and a falls assessment after a fall-risk rule; none when only the record was incomplete. */
    Optional<Suggestion> referral(Decision decision, String patientId, String userId) {
        if (decision.rulesWith(Outcome.ADVISE_AGAINST).isEmpty()) {
            return Optional.empty();
        }
        List<Action> actions = new ArrayList<>();
        actions.add(Action.create("Refer for supervised strength and balance training",
                orders.careAction(patientId, userId, "strength-balance-training")));
        if (suggested(decision, "falls-assessment")) {
            actions.add(Action.create("Refer for a multifactorial falls risk assessment", orders.careAction(patientId, userId, "falls-assessment")));
        }
        return Optional.of(new Suggestion(actions.size() > 1 ? "Refer for strength and balance training and a falls assessment"
                : "Refer for supervised strength and balance training", Uuids.next(), true, actions));
    }

    Optional<Suggestion> medicationReview(Decision decision, String patientId, String userId) {
        if (!suggested(decision, "medication-review")) {
            return Optional.empty();
        }
        return Optional.of(suggestion("Review fall-risk-increasing medication", false,
                Action.create("Order a review of fall-risk-increasing medication", orders.careAction(patientId, userId, "medication-review"))));
    }

    /** Whether a rule that fired asks for this kind of suggestion (rules/rule-catalogue.yaml, suggestions). */
    static boolean suggested(Decision decision, String kind) {
        return decision.firedRules().stream().anyMatch(r -> r.getSuggestions().contains(kind));
    }

    static Suggestion suggestion(String label, boolean recommended, Action action) {
        return new Suggestion(label, Uuids.next(), recommended, List.of(action));
    }

    /** The override reasons that make sense on a card of this outcome (the CodeSystem's "outcome" property). */
    List<CdsCoding> overrideReasons(Outcome outcome) {
        CodeSystem reasons = terminology.codeSystem("override-reason");
        return reasons.getConcept().stream()
                .filter(c -> c.getProperty().stream().anyMatch(p -> "outcome".equals(p.getCode()) && p.hasValueCodeType()
                        && outcome.name().equals(p.getValueCodeType().getValue())))
                .map(c -> new CdsCoding(reasons.getUrl(), c.getCode(), c.getDisplay())).toList();
    }

    /** The physiotherapist's app (a SMART link the EHR launches, when the app is configured), then the evidence. */
    List<Link> links(Decision decision) {
        List<Link> links = new ArrayList<>();
        if (appLaunchUrl != null) {
            links.add(new Link("Open the backward-walking app (full explanation, prescription, handout)", appLaunchUrl, "smart"));
        }
        // At most three evidence links on a card: the benefit, the risk, the place of exercise; the app lists every source.
        ALWAYS_CITED.stream().map(texts.catalogue()::evidence).map(e -> Link.absolute(e.linkLabel(), e.url())).forEach(links::add);
        return links;
    }

    /** The evidence a decision cites: the sources every card cites, then those of each rule that fired. */
    public List<RuleCatalogue.Evidence> evidence(Decision decision) {
        Set<String> keys = new LinkedHashSet<>(ALWAYS_CITED);
        decision.firedRules().forEach(r -> keys.addAll(texts.catalogue().entry(r.getRuleId()).sources()));
        return keys.stream().map(texts.catalogue()::evidence).toList();
    }

    private static String withoutColon(String text) {
        return text.endsWith(":") ? text.substring(0, text.length() - 1) : text;
    }
}
