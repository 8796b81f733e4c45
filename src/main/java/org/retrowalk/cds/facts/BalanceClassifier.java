package org.retrowalk.cds.facts;

import java.math.BigDecimal;
import org.retrowalk.cds.parameters.BalanceTest;
import org.retrowalk.cds.parameters.ClinicalParameters.Bounds;
import org.retrowalk.cds.parameters.ClinicalParameters.ChairStandNorm;
import org.retrowalk.cds.parameters.ClinicalParameters;

/** Classifies one balance result by the bounds of table 4 in rules/parameters.yaml. */
public final class BalanceClassifier {

    private final ClinicalParameters parameters;

    public BalanceClassifier(ClinicalParameters parameters) {
        this.parameters = parameters;
    }

    /**
     * @param age     the patient's age, or null when unknown (chair-stand norms then use the first band)
     * @param gender  the patient's gender; unknown or other uses the men's column, the more cautious
     * @param anyFall whether the patient fell within the fall window (TUG's "> 15 s with a fall")
     */
    public Severity classify(BalanceTest test, BigDecimal value, Integer age, Gender gender, boolean anyFall) {
        Bounds b = parameters.boundsFor(test);
        if (atOrAbove(value, b.severeAtOrAbove()) || atOrBelow(value, b.severeAtOrBelow())
                || below(value, b.severeBelow()) || above(value, b.severeAbove())
                || (anyFall && above(value, b.severeAboveWithFall()))) {
            return Severity.SEVERE;
        }
        if (atOrAbove(value, b.impairedAtOrAbove()) || atOrBelow(value, b.impairedAtOrBelow())
                || below(value, b.impairedBelow()) || above(value, b.impairedAbove())) {
            return Severity.IMPAIRED;
        }
        if (test == BalanceTest.CST30 && belowChairStandNorm(value, age, gender)) {
            return Severity.IMPAIRED;
        }
        return Severity.NORMAL;
    }

    private boolean belowChairStandNorm(BigDecimal stands, Integer age, Gender gender) {
        ChairStandNorm norm = parameters.chairStandNormFor(age == null ? 0 : age);
        int threshold = gender == Gender.FEMALE ? norm.female() : norm.male();
        return stands.compareTo(BigDecimal.valueOf(threshold)) < 0;
    }

    private static boolean atOrAbove(BigDecimal v, BigDecimal bound) {
        return bound != null && v.compareTo(bound) >= 0;
    }

    private static boolean atOrBelow(BigDecimal v, BigDecimal bound) {
        return bound != null && v.compareTo(bound) <= 0;
    }

    private static boolean below(BigDecimal v, BigDecimal bound) {
        return bound != null && v.compareTo(bound) < 0;
    }

    private static boolean above(BigDecimal v, BigDecimal bound) {
        return bound != null && v.compareTo(bound) > 0;
    }
}
