package org.retrowalk.cds.parameters;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The thresholds and windows of rules/parameters.yaml. Unknown or missing keys stop the service at
 * start-up: a mistyped threshold must not silently fall back to something else.
 */
public record ClinicalParameters(
        RuleSetInfo ruleSet,
        Windows windows,
        Ages age,
        RuleThresholds rules,
        Map<String, Bounds> balance,
        List<ChairStandNorm> chairStandNorms,
        Prescription prescription,
        List<String> fallRiskDrugClasses,
        Anticoagulants anticoagulants,
        OrderChecks orderChecks) {

    public record RuleSetInfo(String name, String version) {}

    public record Windows(int painWindowDays, int balanceWindowDays, int fallWindowMonths, int fallInjuryDays,
                          int arthroplastyWeeks, int fractureMonths, int pregnancyMonths, int futureToleranceDays) {}

    public record Ages(int adult, int youngAdultBelow, int older, int oldest, int fragilityFracture) {}

    /** R38: the anticoagulant classes (each a ValueSet), and those that count only when taken at home (not an inpatient order). */
    public record Anticoagulants(List<String> classes, List<String> atHomeOnly) {}

    public record RuleThresholds(int highPainNrs, int severeKlGrade, int manyFallsIn12Months, int maxModifiers) {}

    /** Table 4 bounds of one test; every bound is optional and inclusive unless its name says otherwise. */
    public record Bounds(BigDecimal impairedAtOrAbove, BigDecimal severeAtOrAbove, BigDecimal severeAboveWithFall,
                         BigDecimal impairedAtOrBelow, BigDecimal severeAtOrBelow, BigDecimal impairedBelow,
                         BigDecimal severeBelow, BigDecimal impairedAbove, BigDecimal severeAbove) {}

    public record ChairStandNorm(int fromAge, int male, int female) {}

    public record Prescription(int sessionsPerWeek, int minutesPerSession, int reducedDoseMinutes, int programmeWeeks,
                               int maxMinutesPerSession) {}

    /** Section 7: the dose ranges an order is checked against. */
    public record OrderChecks(Range sessionsPerWeek, Range minutesPerSession, Range programmeWeeks) {}

    public record Range(int min, int max) {
        public boolean contains(double value) {
            return value >= min && value <= max;
        }

        public int clamp(double value) {
            return (int) Math.round(Math.max(min, Math.min(max, value)));
        }
    }

    public Bounds boundsFor(BalanceTest test) {
        Bounds bounds = balance.get(test.code());
        if (bounds == null) {
            throw new IllegalStateException("rules/parameters.yaml has no balance bounds for " + test.code());
        }
        return bounds;
    }

    /** The STEADI chair-stand norm row for an age: below the first band the first row, above the last the last. */
    public ChairStandNorm chairStandNormFor(int ageYears) {
        ChairStandNorm chosen = chairStandNorms.get(0);
        for (ChairStandNorm norm : chairStandNorms) {
            if (ageYears >= norm.fromAge()) {
                chosen = norm;
            }
        }
        return chosen;
    }

    public static ClinicalParameters read(InputStream yaml) throws IOException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);
        ClinicalParameters parameters = mapper.readValue(yaml, ClinicalParameters.class);
        parameters.check();
        return parameters;
    }

    private void check() {
        Objects.requireNonNull(ruleSet, "ruleSet");
        Objects.requireNonNull(ruleSet.version(), "ruleSet.version");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(prescription, "prescription");
        Objects.requireNonNull(fallRiskDrugClasses, "fallRiskDrugClasses");
        Objects.requireNonNull(anticoagulants, "anticoagulants");
        Objects.requireNonNull(anticoagulants.classes(), "anticoagulants.classes");
        Objects.requireNonNull(anticoagulants.atHomeOnly(), "anticoagulants.atHomeOnly");
        if (!anticoagulants.classes().containsAll(anticoagulants.atHomeOnly())) {
            throw new IllegalStateException("anticoagulants.atHomeOnly names a class that anticoagulants.classes does not list");
        }
        Objects.requireNonNull(orderChecks, "orderChecks");
        if (chairStandNorms == null || chairStandNorms.isEmpty()) {
            throw new IllegalStateException("chairStandNorms must list at least one age band");
        }
        chairStandNorms.sort(Comparator.comparingInt(ChairStandNorm::fromAge));
        for (BalanceTest test : BalanceTest.values()) {
            boundsFor(test);
        }
    }
}
