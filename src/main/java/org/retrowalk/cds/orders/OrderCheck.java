package org.retrowalk.cds.orders;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.terminology.CodeSet;
import org.retrowalk.cds.terminology.Terminology;

/**
 * Section 7 of the clinical specification on one draft order: is it a backward-walking order, what dose
 * does it prescribe, which required safety modifications does it lack.
 */
public final class OrderCheck {

    private final CodeSet orderCodes;
    private final ClinicalParameters parameters;

    public OrderCheck(CodeSet orderCodes, ClinicalParameters parameters) {
        this.orderCodes = orderCodes;
        this.parameters = parameters;
    }

    /** The dose an order prescribes, per week, per session and in weeks; null where it does not say. */
    public record Dose(Double sessionsPerWeek, Double minutesPerSession, Double programmeWeeks) {
        public String describe() {
            return words(sessionsPerWeek, "sessions a week") + ", " + words(minutesPerSession, "min a session") + ", "
                    + words(programmeWeeks, "weeks");
        }

        private static String words(Double value, String unit) {
            return value == null ? "no " + unit.replace("a ", "per ") : (value % 1 == 0 ? String.valueOf(value.intValue()) : String.valueOf(value)) + " " + unit;
        }
    }

    /** What is wrong with an order: missing modifications, and the dose it should have (equal to its own when right). */
    public record Findings(List<SafetyModification> missing, Dose dose, Dose corrected, List<String> doseProblems) {
        public boolean consistent() {
            return missing.isEmpty() && doseProblems.isEmpty();
        }
    }

    /** Its code is an order code and its text or an orderDetail names backward or retro walking. */
    public boolean isBackwardWalking(ServiceRequest order) {
        if (!orderCodes.contains(order.getCode())) {
            return false;
        }
        List<String> words = new ArrayList<>();
        words.add(order.getCode().getText());
        order.getCode().getCoding().forEach(c -> words.add(c.getDisplay()));
        for (CodeableConcept detail : order.getOrderDetail()) {
            words.add(detail.getText());
            detail.getCoding().forEach(c -> words.add(c.getDisplay()));
        }
        return words.stream().filter(w -> w != null).map(w -> w.toLowerCase(Locale.ROOT))
                .anyMatch(w -> w.contains("backward") || w.contains("retro"));
    }

    public Findings check(ServiceRequest order, List<SafetyModification> required) {
        Set<String> coded = new java.util.HashSet<>();
        for (CodeableConcept detail : order.getOrderDetail()) {
            for (Coding c : detail.getCoding()) {
                if (Terminology.SAFETY_MODIFICATION_SYSTEM.equals(c.getSystem())) {
                    coded.add(c.getCode());
                }
            }
        }
        List<SafetyModification> missing = required.stream().filter(m -> !coded.contains(m.name())).toList();

        Dose dose = dose(order);
        ClinicalParameters.OrderChecks ranges = parameters.orderChecks();
        ClinicalParameters.Prescription standard = parameters.prescription();
        List<String> problems = new ArrayList<>();
        int sessions = correct(dose.sessionsPerWeek(), ranges.sessionsPerWeek(), standard.sessionsPerWeek(), "sessions a week", problems);
        int minutes = correct(dose.minutesPerSession(), ranges.minutesPerSession(), standard.minutesPerSession(), "minutes a session", problems);
        int weeks = correct(dose.programmeWeeks(), ranges.programmeWeeks(), standard.programmeWeeks(), "weeks", problems);
        Set<SafetyModification> all = EnumSet.noneOf(SafetyModification.class);
        all.addAll(required);
        if (all.contains(SafetyModification.REDUCED_DOSE) && minutes > standard.reducedDoseMinutes()) {
            problems.add("a reduced dose starts at " + standard.reducedDoseMinutes() + " minutes a session, not " + minutes);
            minutes = standard.reducedDoseMinutes();
        }
        return new Findings(missing, dose, new Dose((double) sessions, (double) minutes, (double) weeks), problems);
    }

    private static int correct(Double value, ClinicalParameters.Range range, int standard, String unit, List<String> problems) {
        if (value == null) {
            problems.add("the order does not state its " + unit + " (standard: " + standard + ")");
            return standard;
        }
        if (!range.contains(value)) {
            problems.add(Dose.words(value, unit) + " is outside the evidence's " + range.min() + "-" + range.max() + " " + unit);
            return range.clamp(value);
        }
        return (int) Math.round(value);
    }

    /** Reads occurrenceTiming.repeat: frequency per period (weeks or days), duration (minutes or hours), boundsDuration. */
    public static Dose dose(ServiceRequest order) {
        Type occurrence = order.getOccurrence();
        if (!(occurrence instanceof Timing timing) || !timing.hasRepeat()) {
            return new Dose(null, null, null);
        }
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        Double sessions = null;
        if (repeat.hasFrequency()) {
            double period = repeat.hasPeriod() ? repeat.getPeriod().doubleValue() : 1;
            Timing.UnitsOfTime unit = repeat.getPeriodUnit();
            double perWeek = unit == Timing.UnitsOfTime.WK ? 1 : unit == Timing.UnitsOfTime.D ? 7 : unit == Timing.UnitsOfTime.MO ? 12.0 / 52 : Double.NaN;
            sessions = Double.isNaN(perWeek) || period <= 0 ? null : repeat.getFrequency() * perWeek / period;
        }
        Double minutes = null;
        if (repeat.hasDuration()) {
            Timing.UnitsOfTime unit = repeat.getDurationUnit();
            double factor = unit == Timing.UnitsOfTime.MIN ? 1 : unit == Timing.UnitsOfTime.H ? 60 : unit == Timing.UnitsOfTime.S ? 1.0 / 60 : Double.NaN;
            minutes = Double.isNaN(factor) ? null : repeat.getDuration().doubleValue() * factor;
        }
        Double weeks = null;
        if (repeat.hasBoundsDuration()) {
            Duration bounds = repeat.getBoundsDuration();
            String code = bounds.hasCode() ? bounds.getCode() : bounds.getUnit();
            double factor = "wk".equals(code) ? 1 : "d".equals(code) ? 1.0 / 7 : "mo".equals(code) ? 52.0 / 12 : Double.NaN;
            weeks = Double.isNaN(factor) || !bounds.hasValue() ? null : bounds.getValue().doubleValue() * factor;
        }
        return new Dose(sessions, minutes, weeks);
    }
}
