package org.retrowalk.cds.cards;

import java.util.ArrayList;
import java.util.List;
import org.retrowalk.cds.facts.BalanceResult;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.Comorbidities;
import org.retrowalk.cds.facts.DrugInUse;
import org.retrowalk.cds.facts.Fracture;
import org.retrowalk.cds.parameters.ClinicalParameters;

/**
 * The facts a decision used, as rows of fact, value and date: the card's Markdown table and the app's HTML table
 * are both made from these. Stale results are shown and marked unused.
 */
public final class FactRows {

    /** One fact as people read it. */
    public record Row(String fact, String value, String date) {}

    private FactRows() {
    }

    public static List<Row> of(ClinicalFacts f, ClinicalParameters p) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("Age", f.patient().isAgeKnown() ? f.patient().getAge() + " years" : "unknown (no date of birth)",
                f.patient().getBirthDate() == null ? "" : "born " + f.patient().getBirthDate()));
        rows.add(row("Knee osteoarthritis", f.kneeOa().isActive() ? f.kneeOa().getDiagnosis() : "none active", date(f.kneeOa().getOnset())));
        rows.add(row("Kellgren-Lawrence grade", f.kneeOa().isKlGradeKnown() ? f.kneeOa().getKlGrade() + " (" + f.kneeOa().getKlKnee() + ")" : "not documented",
                date(f.kneeOa().getKlDate())));
        rows.add(row("Falls, last " + p.windows().fallWindowMonths() + " months", f.falls().getFallsIn12Months() + (f.falls().isInjuriousFall() ? ", injurious (" + f.falls().getInjury() + ")" : "")
                + (f.falls().isFallWithSyncope() ? ", with syncope" : "")
                + (f.falls().isPresumed() ? "; presumed from " + String.join("; ", f.falls().getPresumedFrom()) : ""),
                f.falls().getLatestFall() == null ? "" : "latest " + f.falls().getLatestFall()));
        rows.add(row("Falls screen, last " + p.windows().fallWindowMonths() + " months", f.falls().isScreened() ? "done" : "none", ""));
        rows.add(row("Worries about falling / feels unsteady", yesNo(f.falls().isFearOfFalling()) + " / " + yesNo(f.falls().isFeelsUnsteady()), ""));
        if (f.falls().isFrailty()) {
            rows.add(row("Frailty", "documented", ""));
        }
        if (f.balance().isEmpty()) {
            rows.add(row("Balance tests", "none on record", ""));
        }
        for (BalanceResult b : f.balance()) {
            rows.add(row(b.getTest().title(), b.getValue().stripTrailingZeros().toPlainString() + " " + b.getTest().unit() + ": " + b.getSeverity().label()
                    + (b.isUsable() ? "" : b.isCautionary() ? " (stale: " + b.getStaleReason() + "; still counts, a new test is needed)"
                            : " (stale: " + b.getStaleReason() + "; not used)") + (b.isConflicting() ? " (conflicting results)" : ""),
                    date(b.getDate())));
        }
        rows.add(row("Walking aids", f.mobility().words(), ""));
        List<String> conditions = new ArrayList<>();
        for (Comorbidities.Kind kind : Comorbidities.Kind.values()) {
            if (f.comorbidities().has(kind)) {
                conditions.add(f.comorbidities().describe(kind));
            }
        }
        rows.add(row("Risk-modifying conditions", conditions.isEmpty() ? "none" : String.join("; ", conditions), ""));
        rows.add(row("Fractures, last " + p.windows().fractureMonths() + " months", f.fractures().getRecent().isEmpty() ? "none"
                : String.join("; ", f.fractures().getRecent().stream().map(Fracture::describe).toList()), ""));
        rows.add(row("Hip or knee arthroplasty", f.arthroplasty().isRecent()
                ? "recent" + (f.arthroplasty().getName() == null ? "" : " (" + f.arthroplasty().getName() + ")")
                : f.arthroplasty().isPlanned() ? "planned (active order)" : "none recent or planned", date(f.arthroplasty().getDate())));
        rows.add(row("Pain (NRS 0-10), last " + p.windows().painWindowDays() + " days",
                f.pain().map(s -> s.getNrs() + "/10").orElse("not recorded"), f.pain().map(s -> s.getDate().toString()).orElse("")));
        rows.add(row("Fall-risk-increasing drugs", f.fallRiskDrugs().isEmpty() ? "none active"
                : String.join("; ", f.fallRiskDrugs().stream().map(DrugInUse::describe).toList()), ""));
        rows.add(row("Anticoagulants", f.anticoagulants().isEmpty() ? "none active"
                : String.join("; ", f.anticoagulants().stream().map(DrugInUse::describe).toList()), ""));
        if (f.pregnancy().isPregnant()) {
            rows.add(row("Pregnancy", f.pregnancy().getEvidence(), ""));
        }
        return rows;
    }

    private static Row row(String fact, String value, String date) {
        return new Row(fact, value == null ? "" : value, date == null ? "" : date);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String date(Object date) {
        return date == null ? "" : date.toString();
    }
}
