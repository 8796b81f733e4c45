package org.retrowalk.cds.decision;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSession;
import org.retrowalk.cds.clinical.ClinicalFacts;
import org.retrowalk.cds.clinical.Thresholds;

/** Runs the DRL over one patient's facts in a fresh session and returns the decision. */
@ApplicationScoped
public class DecisionEngine {

    /** Far above what 24 rules can fire; a guard against a rule edit that loops. */
    private static final int MAX_FIRINGS = 1_000;

    private final KieRuntimeBuilder runtime;
    private final Thresholds thresholds;
    private final RuleSet ruleSet;

    @Inject
    public DecisionEngine(KieRuntimeBuilder runtime, Thresholds thresholds, RuleSet ruleSet) {
        this.runtime = runtime;
        this.thresholds = thresholds;
        this.ruleSet = ruleSet;
    }

    public Decision decide(ClinicalFacts facts) {
        KieSession session = runtime.newKieSession();
        try {
            DecisionRecorder recorder = new DecisionRecorder();
            session.setGlobal("decision", recorder);
            session.setGlobal("explain", new Explanations(facts));
            session.insert(thresholds);
            facts.asRuleFacts().forEach(session::insert);

            session.getAgenda().getAgendaGroup("eligibility").setFocus();
            session.fireAllRules(MAX_FIRINGS);
            if (!recorder.isNoCard()) {
                session.getAgenda().getAgendaGroup("clinical").setFocus();
                int fired = session.fireAllRules(MAX_FIRINGS);
                if (fired >= MAX_FIRINGS) {
                    throw new IllegalStateException("the rules fired " + fired + " times: a rule loops");
                }
            }
            return Decision.of(recorder.fired(), ruleSet.version());
        } finally {
            session.dispose();
        }
    }
}
