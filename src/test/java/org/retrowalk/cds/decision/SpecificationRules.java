package org.retrowalk.cds.decision;

import java.util.Map;
import java.util.TreeMap;

/** The rule IDs of the clinical specification (docs/decisions.md; sections 5 and 5a), with the outcome each decides. */
public final class SpecificationRules {

    public static final Map<String, Outcome> OUTCOMES;

    static {
        Map<String, Outcome> rules = new TreeMap<>();
        rules.put("R00", Outcome.NO_CARD);
        rules.put("R01", Outcome.NO_CARD);
        for (String id : new String[] {"R10", "R11", "R12", "R13", "R14", "R15", "R16", "R17"}) {
            rules.put(id, Outcome.ADVISE_AGAINST);
        }
        for (String id : new String[] {"R20", "R21", "R22"}) {
            rules.put(id, Outcome.ASSESS_FIRST);
        }
        for (int i = 38; i <= 49; i++) {
            rules.put("R" + i, Outcome.MODIFY);
        }
        rules.put("R50", Outcome.RECOMMEND);
        rules.put("R51", Outcome.RECOMMEND);
        OUTCOMES = Map.copyOf(rules);
    }

    private SpecificationRules() {
    }
}
