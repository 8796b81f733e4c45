package org.retrowalk.cds.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Observation;
import org.retrowalk.cds.facts.ReadingContext.Dated;
import org.retrowalk.cds.facts.ReadingContext.Latest;
import org.retrowalk.cds.parameters.BalanceTest;

/**
 * For each test of table 3, its latest result, classified by table 4. A result older than the balance window, or
 * not certainly after the latest fall, is stale: shown, not used. Disagreeing tests are named on the card.
 */
final class BalanceReader {

    private final BalanceClassifier classifier;

    BalanceReader(BalanceClassifier classifier) {
        this.classifier = classifier;
    }

    List<BalanceResult> read(ReadingContext context, PatientProfile patient, FallsReader.Falls falls) {
        List<BalanceResult> results = new ArrayList<>();
        int windowDays = context.parameters.windows().balanceWindowDays();
        LocalDate windowStart = context.today.minusDays(windowDays);
        for (BalanceTest test : BalanceTest.values()) {
            List<Dated<BigDecimal>> values = new ArrayList<>();
            for (Dated<Observation> o : context.observations(context.terminology.byId(test.valueSetId()), test.title())) {
                Optional<BigDecimal> value = ReadingContext.number(o.value(), test.timed()).filter(v -> v.signum() >= 0);
                if (value.isEmpty()) {
                    context.note(DataNote.Kind.IGNORED, "A " + test.title() + " result on " + o.when().date() + " has no usable number and was not used.");
                } else {
                    values.add(new Dated<>(value.get(), o.when()));
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            Function<BigDecimal, Severity> classify = v -> classifier.classify(test, v, patient.getAge(), patient.getGender(),
                    falls.profile().isAnyFall());
            Latest<BigDecimal> latest = ReadingContext.latest(values, Comparator.comparing(classify));
            LocalDate date = latest.when().date();
            LocalDate latestFall = falls.profile().getLatestFall();
            String stale = date.isBefore(windowStart) ? "older than " + windowDays + " days"
                    : falls.latestFall() != null && !latest.when().certainlyAfter(falls.latestFall())
                            ? (date.isBefore(latestFall) ? "done before the fall on " : "not clearly done after the fall on ") + latestFall
                    : null;
            if (latest.conflicting()) {
                context.note(DataNote.Kind.CONFLICT, "Different " + test.title() + " results on " + date + " "
                        + latest.values() + ": the most cautious one was used.");
            }
            boolean beforeFall = stale != null && !date.isBefore(windowStart);
            BalanceResult result = new BalanceResult(test, latest.value(), date, classify.apply(latest.value()), stale, latest.conflicting(),
                    beforeFall);
            if (result.isCautionary()) {
                context.note(DataNote.Kind.STALE, result.describe() + " is " + stale + ": it still counts as " + result.getSeverity().label()
                        + " (a fall does not improve balance), but a new test is needed.");
            } else if (stale != null) {
                context.note(DataNote.Kind.STALE, result.describe() + " is " + stale + ": shown, not used.");
            }
            results.add(result);
        }
        List<BalanceResult> usable = results.stream().filter(BalanceResult::isUsable).toList();
        if (usable.stream().map(BalanceResult::getSeverity).distinct().count() > 1) {
            context.note(DataNote.Kind.CONFLICT, "Balance results disagree (" + String.join("; ",
                    usable.stream().map(b -> b.getTest().title() + " " + b.getSeverity().label()).toList())
                    + "): the most cautious classification counts.");
        }
        return results;
    }
}
