package org.retrowalk.cds.decision;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kie.api.runtime.KieRuntimeBuilder;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.facts.ClinicalFacts;

/**
 * Runs the DRL over one patient's facts and returns the decision. Sessions come from a pool: a new session
 * costs more than the rules it then runs, and a pooled one is reset on dispose, so each call still starts
 * from an empty working memory, no globals and no agenda focus (the clinical case table runs all its cases
 * through one pool and would show any leak).
 */
@ApplicationScoped
public class DecisionEngine {

    /** Far above what 24 rules can fire; a guard against a rule edit that loops. */
    private static final int MAX_FIRINGS = 1_000;

    private final KieSessionsPool sessions;
    private final Thresholds thresholds;
    private final RuleSet ruleSet;
    private final RuleTexts texts;

    @Inject
    public DecisionEngine(KieRuntimeBuilder runtime, Thresholds thresholds, RuleSet ruleSet, RuleTexts texts, RetrowalkConfig config) {
        this(runtime, thresholds, ruleSet, texts, config.rules().sessionPoolSize());
    }

    public DecisionEngine(KieRuntimeBuilder runtime, Thresholds thresholds, RuleSet ruleSet, RuleTexts texts, int poolSize) {
        this.texts = texts;
        // the pool starts with poolSize sessions and grows when more calls than that evaluate at once
        this.sessions = runtime.getKieBase().newKieSessionsPool(poolSize);
        this.thresholds = thresholds;
        this.ruleSet = ruleSet;
    }

    public Decision decide(ClinicalFacts facts) {
        KieSession session = sessions.newKieSession();
        try {
            DecisionRecorder recorder = new DecisionRecorder(texts);
            session.setGlobal("decision", recorder);
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
            session.dispose(); // back to the pool, reset
        }
    }
}
