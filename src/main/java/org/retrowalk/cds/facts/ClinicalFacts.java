package org.retrowalk.cds.facts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything the rules know about one patient at one evaluation date, and what the card shows of it. */
public record ClinicalFacts(
        LocalDate evaluationDate,
        PatientProfile patient,
        KneeOsteoarthritis kneeOa,
        FallRiskProfile falls,
        List<BalanceResult> balance,
        Mobility mobility,
        Comorbidities comorbidities,
        Arthroplasty arthroplasty,
        Optional<PainScore> pain,
        List<DrugInUse> fallRiskDrugs,
        Fractures fractures,
        List<DrugInUse> anticoagulants,
        Pregnancy pregnancy,
        List<DataNote> notes,
        List<UnclassifiedCode> unclassifiedCodes) {

    /** Concepts of one resource type coded in a system the service does not know (or text only): see section 3a. */
    public record UnclassifiedCode(String resourceType, String system, int count) {}

    /** The facts as inserted into a rule session. */
    public List<Object> asRuleFacts() {
        List<Object> facts = new ArrayList<>();
        facts.add(patient);
        facts.add(kneeOa);
        facts.add(falls);
        facts.addAll(balance);
        facts.add(mobility);
        facts.add(comorbidities);
        facts.add(arthroplasty);
        pain.ifPresent(facts::add);
        facts.addAll(fallRiskDrugs);
        facts.add(fractures);
        facts.addAll(anticoagulants);
        facts.add(pregnancy);
        return facts;
    }

    public List<BalanceResult> usableBalance() {
        return balance.stream().filter(BalanceResult::isUsable).toList();
    }

    public List<BalanceResult> staleBalance() {
        return balance.stream().filter(b -> !b.isUsable()).toList();
    }

    public boolean hasUsablePerformanceTest() {
        return balance.stream().anyMatch(b -> b.isUsable() && b.isPerformanceTest());
    }
}
