package org.retrowalk.cds.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.retrowalk.cds.decision.RuleSet;

/** Readiness (/q/health/ready): up once the rules, value sets and parsers are loaded and warm. */
@Readiness
@ApplicationScoped
public class WarmUpCheck implements HealthCheck {

    public static final String NAME = "rules, value sets and parsers loaded and warm";

    private final org.retrowalk.cds.platform.Readiness readiness;
    private final RuleSet rules;

    @Inject
    public WarmUpCheck(org.retrowalk.cds.platform.Readiness readiness, RuleSet rules) {
        this.readiness = readiness;
        this.rules = rules;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!readiness.isWarm()) {
            return response.down().withData("waiting for", "the warm-up: a first request, then the synthetic load (retrowalk.warm-up.load)").build();
        }
        return response.up().withData("ruleSetVersion", rules.version()).withData("rules", rules.ruleNames().size())
                .withData("warmUpMillis", readiness.warmUpMillis()).withData("warmUpCalls", readiness.warmUpCalls()).build();
    }
}
