package org.retrowalk.cds.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;

/**
 * The clinical case table (rules/cases/): each hand-written FHIR record goes through the real fact
 * extraction, rule engine and card builder; the outcome and the exact set of fired rules must match.
 */
@QuarkusTest
class ClinicalCaseTest {

    /** Clinical specification, section 5a, and the CDS contract: on every card. */
    static final String DISCLAIMER = "Decision support, not a substitute for clinical judgement.";

    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;
    @Inject
    CardFactory cards;

    @TestFactory
    Stream<DynamicTest> everyCase() {
        return ClinicalCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private void check(ClinicalCases.Case c) {
        ClinicalFacts facts = extractor.extract(c.record(), c.evaluationDate());
        Decision decision = engine.decide(facts);
        String context = c.id() + " (" + c.description() + ")";
        assertEquals(c.rules(), decision.ruleIds(), "fired rules of " + context);
        assertEquals(Outcome.valueOf(c.outcome()), decision.outcome(), "outcome of " + context);
        if (c.modifications() != null) {
            assertEquals(c.modifications().stream().sorted().toList(),
                    decision.modifications().stream().map(Enum::name).sorted().toList(), "modifications of " + context);
        }
        for (String rule : c.mustNotFire()) {
            assertFalse(decision.fired(rule), rule + " must not fire in " + context);
        }
        List<Card> built = cards.patientView(decision, facts, null);
        if (decision.outcome() == Outcome.NO_CARD) {
            assertTrue(built.isEmpty(), "no card for " + context);
        } else {
            assertEquals(1, built.size());
            Card card = built.get(0);
            assertTrue(card.summary().length() < 140, "summary under 140 characters: " + card.summary());
            assertTrue(card.links().stream().noneMatch(l -> "smart".equals(l.type())), "no app link unless retrowalk.app.url is set");
            CardFactory.DecisionExtension extension = (CardFactory.DecisionExtension) card.extension().get(CardFactory.EXTENSION_KEY);
            assertEquals(decision.outcome().name(), extension.outcome());
            assertEquals(c.rules(), extension.rules());
            // Every rule that fired is named on the card by its reason from the record (section 5a): the deciding ones under
            // "Why", the others after them, under "Also on record".
            String detail = card.detail().toLowerCase(java.util.Locale.ROOT);
            int also = detail.indexOf("**also on record:**");
            for (FiredRule rule : decision.firedRules()) {
                for (String reason : rule.getReasons()) {
                    String words = reason.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
                    assertTrue(detail.contains(words), "the card names " + rule.getRuleId() + " (\"" + reason + "\") in " + context
                            + ":\n" + card.detail());
                    boolean deciding = rule.getOutcome() == decision.outcome() && decision.dataComplete();
                    boolean alsoDeciding = decision.rulesWith(decision.outcome()).stream().anyMatch(r -> r.getReasons().contains(reason));
                    if (!deciding && !alsoDeciding && decision.dataComplete()) {
                        assertTrue(also >= 0 && detail.lastIndexOf(words) > also, rule.getRuleId() + " is named after the deciding rules in "
                                + context + ":\n" + card.detail());
                    }
                }
            }
            assertTrue(card.detail().contains(DISCLAIMER), "every card says it is decision support: " + context);
            assertTrue(card.detail().length() < 1500, card.detail().length() + " characters of detail in " + context);
            if (decision.outcome() == Outcome.RECOMMEND) {
                assertFalse(detail.contains("no fall-risk") || detail.contains("no safety concern"),
                        "a recommendation never claims there is no concern: " + context + ":\n" + card.detail());
                if (!facts.falls().isScreened()) {
                    assertTrue(detail.contains("not on record: a falls screen"), "it names the missing falls screen: " + context);
                }
                if (!facts.hasUsablePerformanceTest()) {
                    assertTrue(detail.contains("a balance test"), "it names the missing balance test: " + context);
                }
            }
        }
    }

    /** Every rule of the specification decides at least one case and is shown not to fire in another. */
    @Test
    void everyRuleDecidesSomewhereAndIsRefusedSomewhere() {
        List<ClinicalCases.Case> cases = ClinicalCases.all();
        Map<String, String> missing = new TreeMap<>();
        for (Map.Entry<String, Outcome> rule : SpecificationRules.OUTCOMES.entrySet()) {
            boolean decides = cases.stream().anyMatch(c -> c.rules().contains(rule.getKey())
                    && c.outcome().equals(rule.getValue().name()));
            boolean refused = cases.stream().anyMatch(c -> c.mustNotFire().contains(rule.getKey()) && !c.rules().contains(rule.getKey()));
            List<String> gaps = new ArrayList<>();
            if (!decides) {
                gaps.add("no case where it decides");
            }
            if (!refused) {
                gaps.add("no case where it must not fire");
            }
            if (!gaps.isEmpty()) {
                missing.put(rule.getKey(), String.join(", ", gaps));
            }
        }
        assertTrue(missing.isEmpty(), "rules without enough cases: " + missing);
    }
}
