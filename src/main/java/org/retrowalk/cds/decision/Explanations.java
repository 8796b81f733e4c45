package org.retrowalk.cds.decision;

import java.util.ArrayList;
import java.util.List;
import org.retrowalk.cds.facts.BalanceResult;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.Comorbidities.Kind;
import org.retrowalk.cds.facts.FallRiskDrug;

/**
 * Plain words for the rules whose condition spans several facts, so a consequence can say why it fired.
 * Each method describes only; none decides anything.
 */
public final class Explanations {

    private final ClinicalFacts facts;

    public Explanations(ClinicalFacts facts) {
        this.facts = facts;
    }

    public String severeResults() {
        List<String> parts = new ArrayList<>();
        facts.usableBalance().stream().filter(BalanceResult::isSevere).forEach(b -> parts.add(b.describe()));
        if (facts.mobility().isWheelchair()) {
            parts.add("uses a wheelchair (non-ambulatory)");
        }
        return String.join("; ", parts) + ".";
    }

    public String impairedResults() {
        return String.join("; ", facts.usableBalance().stream()
                .filter(BalanceResult::isImpaired).map(BalanceResult::describe).toList()) + ".";
    }

    public String oldestOldRisks() {
        List<String> parts = new ArrayList<>();
        if (facts.falls().isAnyFall()) {
            parts.add(facts.falls().fallsDescription());
        }
        facts.usableBalance().stream().filter(b -> !b.getSeverity().equals(org.retrowalk.cds.facts.Severity.NORMAL))
                .forEach(b -> parts.add(b.getSeverity().label() + " balance: " + b.describe()));
        String conditions = facts.comorbidities().describe(Kind.NEURO, Kind.FRAGILITY_FRACTURE);
        if (!conditions.isEmpty()) {
            parts.add(conditions);
        }
        return "Age " + facts.patient().getAge() + " with " + String.join("; ", parts) + ".";
    }

    public String assessmentTriggers(int olderAge) {
        List<String> parts = new ArrayList<>();
        Integer age = facts.patient().getAge();
        if (age != null && age >= olderAge) {
            parts.add("age " + age);
        }
        if (facts.falls().isAnyFall()) {
            parts.add(facts.falls().fallsDescription());
        }
        if (facts.falls().isFearOfFalling()) {
            parts.add("worries about falling");
        }
        if (facts.falls().isFeelsUnsteady()) {
            parts.add("feels unsteady");
        }
        if (facts.mobility().isAnyAid()) {
            parts.add("walks with " + facts.mobility().words());
        }
        if (facts.comorbidities().isNeuro()) {
            parts.add(facts.comorbidities().describe(Kind.NEURO));
        }
        String text = "Balance must be assessed (" + String.join("; ", parts) + ") and no usable balance test is on record";
        List<BalanceResult> stale = facts.staleBalance().stream().filter(BalanceResult::isPerformanceTest).toList();
        if (!stale.isEmpty()) {
            text += "; stale: " + String.join("; ", stale.stream().map(b -> b.describe() + " (" + b.getStaleReason() + ")").toList());
        }
        return text + ".";
    }

    public String fallRiskDrugs() {
        return String.join("; ", facts.fallRiskDrugs().stream().map(FallRiskDrug::describe).toList()) + ".";
    }

    public String modifiers(List<?> firedModifyRules) {
        List<String> ids = firedModifyRules.stream().map(r -> ((FiredRule) r).getRuleId()).sorted().toList();
        return ids.size() + " risk modifiers apply at once (" + String.join(", ", ids) + ").";
    }
}
