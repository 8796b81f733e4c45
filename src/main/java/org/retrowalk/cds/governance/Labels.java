package org.retrowalk.cds.governance;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.retrowalk.cds.decision.RuleSet;
import org.retrowalk.cds.decision.RuleTexts;

/** The words governance reads for outcomes, rules and the parts of a record, the same in the reports and the dashboard. */
@ApplicationScoped
public class Labels {

    private static final Map<String, String> OUTCOMES = Map.of(
            "RECOMMEND", "Recommend backward walking",
            "MODIFY", "Recommend with safety measures",
            "ADVISE_AGAINST", "Advise against backward walking",
            "ASSESS_FIRST", "Assess first",
            "NO_CARD", "No card (not knee OA)",
            DashboardQueries.NO_DECISION, "Refused or failed (no decision)",
            "UNKNOWN", "Card without a decision");

    private final RuleSet rules;
    private final RuleTexts texts;

    @Inject
    public Labels(RuleSet rules, RuleTexts texts) {
        this.rules = rules;
        this.texts = texts;
    }

    String outcome(String key) {
        return OUTCOMES.getOrDefault(key, key);
    }

    /**
     * The rule's title: the catalogue's, with the site's parameters ("aged 85 or over"), else its name in the DRL
     * without its ID ("R41 one non-injurious fall" gives "one non-injurious fall").
     */
    String rule(String ruleId) {
        if (texts.catalogue().entries().containsKey(ruleId)) {
            String title = texts.render(ruleId, "title", Map.of());
            if (title != null) {
                return title;
            }
        }
        return rules.ruleNames().stream().filter(name -> name.startsWith(ruleId + " ")).findFirst()
                .map(name -> name.substring(ruleId.length() + 1)).orElse(ruleId + " (not in the current rule set)");
    }

    /** A part of the record by its prefetch key, in words ("observations (falls screens, balance tests, pain)"). */
    String recordPart(String key) {
        String word = "record-part-" + key;
        return texts.hasWord(word) ? texts.word(word, Map.of()) : key;
    }
}
