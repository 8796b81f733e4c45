package org.retrowalk.cds.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.cards.CardFactory;

/** The compiled rule base is the specification's: one rule per ID, each with its sources, nothing else. */
@QuarkusTest
class RuleBaseTest {

    @Inject
    RuleSet ruleSet;
    @Inject
    CardFactory cards;

    @Test
    void ruleBaseIsNotEmpty() {
        assertFalse(ruleSet.ruleNames().isEmpty(), "no rules were compiled: is rules/*.drl on the build path?");
    }

    @Test
    void everySpecificationRuleHasExactlyOneRuleNamedByItsId() {
        List<String> ids = ruleSet.ruleNames().stream().map(name -> name.split(" ", 2)[0]).toList();
        for (String name : ruleSet.ruleNames()) {
            assertTrue(name.matches("R\\d\\d .+"), "rule name must start with its ID and say what it is: " + name);
        }
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "one rule per ID: " + ids);
        assertEquals(new TreeSet<>(SpecificationRules.OUTCOMES.keySet()), new TreeSet<>(ids), "rule IDs of the specification");
    }

    @Test
    void everyRuleHasSourcesInTheCatalogue() {
        assertEquals(SpecificationRules.OUTCOMES.keySet(), cards.catalogue().entries().keySet());
        cards.catalogue().entries().forEach((id, entry) -> {
            assertFalse(entry.sources().isEmpty(), id + " must name its source");
            entry.sources().forEach(source -> assertTrue(cards.catalogue().evidence(source).url().startsWith("https://"), source));
        });
    }

    @Test
    void rulesThatCanDecideACardHaveASummaryPhrase() {
        SpecificationRules.OUTCOMES.forEach((id, outcome) -> {
            if (outcome == Outcome.ADVISE_AGAINST || outcome == Outcome.ASSESS_FIRST) {
                assertTrue(cards.catalogue().entry(id).summary() != null, id + " needs a summary phrase");
            }
        });
    }

    @Test
    void ruleSetVersionFingerprintsTheRules() {
        assertTrue(ruleSet.version().matches("1\\.0\\.0\\+[0-9a-f]{8}"), ruleSet.version());
    }

    /**
     * A rule's knowledge lives in the DRL and the catalogue: no Java outside them names a rule (R16 and R40 reason
     * about other rules inside the DRL). Cards, orders and evaluation ask the catalogue's suggestion kinds instead.
     */
    @Test
    void noJavaNamesARule() throws java.io.IOException {
        java.util.regex.Pattern ruleId = java.util.regex.Pattern.compile("\"R[0-9]{2}\"");
        try (java.util.stream.Stream<java.nio.file.Path> sources = java.nio.file.Files.walk(java.nio.file.Path.of("src", "main", "java"))) {
            for (java.nio.file.Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                assertFalse(ruleId.matcher(java.nio.file.Files.readString(source)).find(), source + " names a rule by its ID");
            }
        }
    }
}
