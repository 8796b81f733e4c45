package org.retrowalk.cds.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.cards.CardFactory;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;

/**
 * A site that changes rules/parameters.yaml gets cards whose words say its numbers: every rule's texts, rendered
 * over the whole clinical case table with oldest 78 (not 80), a 6-month fall window (not 12), arthroplasty within
 * 8 weeks (not 12), a 60-day pain window (not 90) and a reduced dose of 7 minutes (not 5), carry the new numbers
 * and never the defaults.
 */
@QuarkusTest
@TestProfile(ParameterisedWordsTest.SiteParameters.class)
class ParameterisedWordsTest {

    public static class SiteParameters implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                String yaml = Files.readString(Path.of("rules", "parameters.yaml"))
                        .replace("oldest: 80", "oldest: 78")
                        .replace("fallWindowMonths: 12", "fallWindowMonths: 6")
                        .replace("arthroplastyWeeks: 12", "arthroplastyWeeks: 8")
                        .replace("fractureMonths: 12", "fractureMonths: 9")
                        .replace("painWindowDays: 90", "painWindowDays: 60")
                        .replace("reducedDoseMinutes: 5", "reducedDoseMinutes: 7");
                Path file = Path.of("target", "site-parameters.yaml");
                Files.createDirectories(file.getParent());
                Files.writeString(file, yaml);
                return Map.of("retrowalk.rules.parameters-file", file.toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;
    @Inject
    CardFactory cards;
    @Inject
    RuleTexts texts;

    @Test
    void theSiteParametersAreTheOnesInUse() {
        assertEquals(78, texts.catalogueParameters().age().oldest());
    }

    @Test
    void titlesSummariesAndLabelsCarryTheSiteNumbers() {
        assertEquals("aged 78 or over with a fall risk", texts.render("R14", "title", Map.of()));
        assertEquals("aged 78 or over with a fall risk", texts.render("R14", "summary", Map.of()));
        assertEquals("aged 78 or over", texts.render("R40", "title", Map.of()));
        assertEquals("hip or knee arthroplasty within 8 weeks", texts.render("R12", "title", Map.of()));
        assertEquals("hip or knee replacement within 8 weeks", texts.render("R12", "summary", Map.of()));
        assertEquals("fracture of the lower limb, pelvis or spine within 9 months", texts.render("R17", "title", Map.of()));
        assertEquals("start at 7 min", texts.label(SafetyModification.REDUCED_DOSE));
    }

    @Test
    void everyTextOverTheCaseTableCarriesTheSiteNumbers() {
        List<String> words = new ArrayList<>();
        Set<String> fired = new TreeSet<>();
        for (ClinicalCases.Case c : ClinicalCases.all()) {
            ClinicalFacts facts = extractor.extract(c.record(), c.evaluationDate());
            Decision decision = engine.decide(facts);
            for (FiredRule rule : decision.firedRules()) {
                fired.add(rule.getRuleId());
                words.add(rule.getName());
                if (rule.getSummary() != null) {
                    words.add(rule.getSummary());
                }
                words.addAll(rule.getReasons());
                words.addAll(rule.getAdvice());
                words.addAll(rule.getEvidenceNotes());
            }
            for (Card card : cards.patientView(decision, facts, null)) {
                words.add(card.summary());
                words.add(card.detail());
            }
            // The facts table the app's decision page shows.
            org.retrowalk.cds.cards.FactRows.of(facts, texts.catalogueParameters()).forEach(r -> words.add(r.fact() + " " + r.value()));
        }
        assertEquals(texts.catalogue().entries().keySet(), fired, "the case table fires every rule");
        String all = String.join("\n", words);
        for (String old : List.of("last 12 months", "80 or over", "within 12 weeks", "start at 5 min", "last 90 days")) {
            assertFalse(all.contains(old), "a text still says \"" + old + "\"");
        }
        for (String site : List.of("in the last 6 months", "Falls, last 6 months", "Pain (NRS 0-10), last 60 days", "start at 7 min")) {
            assertTrue(all.contains(site), "no text says \"" + site + "\"");
        }
    }
}
