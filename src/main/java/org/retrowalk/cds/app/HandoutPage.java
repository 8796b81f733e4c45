package org.retrowalk.cds.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.parameters.ClinicalParameters;
import org.retrowalk.cds.terminology.Terminology;

/**
 * The patient handout of a saved prescription: its dose and the safety instructions its safety measures call for,
 * in the patient's language (the words are in {@link HandoutMessages} and its translations). Printed on one or two
 * pages, A4 or Letter.
 */
@ApplicationScoped
public class HandoutPage {

    /** The handout's languages: IETF tag and the language's own name. */
    public static final List<Language> LANGUAGES = List.of(new Language("en", "English"), new Language("es", "Español"));

    public record Language(String tag, String name) {}

    /** What the handout says; the booleans choose which instructions appear. */
    public record View(String lang, List<Language> languages, int sessionsPerWeek, int minutesPerSession, int weeks, int maxMinutes,
                       boolean slow, boolean supervisedAlways, boolean treadmillOnly, boolean notAlone, boolean medicines, String orderId) {
        /** Overground practice at home is allowed (after treadmill competence) unless a measure rules it out. */
        public boolean home() {
            return !treadmillOnly && !notAlone && !supervisedAlways;
        }
    }

    @Inject
    ClinicalParameters parameters;

    /** The language asked for, else the first of the browser's languages the handout has, else English. */
    public static Language language(String asked, List<Locale> acceptable) {
        for (Language language : LANGUAGES) {
            if (language.tag().equals(asked)) {
                return language;
            }
        }
        for (Locale locale : acceptable) {
            for (Language language : LANGUAGES) {
                if (language.tag().equals(locale.getLanguage())) {
                    return language;
                }
            }
        }
        return LANGUAGES.get(0);
    }

    public View view(ServiceRequest order, Language language) {
        Set<SafetyModification> measures = EnumSet.noneOf(SafetyModification.class);
        for (CodeableConcept detail : order.getOrderDetail()) {
            for (Coding coding : detail.getCoding()) {
                if (Terminology.SAFETY_MODIFICATION_SYSTEM.equals(coding.getSystem())) {
                    try {
                        measures.add(SafetyModification.valueOf(coding.getCode()));
                    } catch (IllegalArgumentException unknown) {
                        // a code of a newer code system version: the handout's general instructions still apply
                    }
                }
            }
        }
        OrderCheck.Dose dose = OrderCheck.dose(order);
        ClinicalParameters.Prescription standard = parameters.prescription();
        return new View(language.tag(), LANGUAGES, whole(dose.sessionsPerWeek(), standard.sessionsPerWeek()),
                whole(dose.minutesPerSession(), standard.minutesPerSession()), whole(dose.programmeWeeks(), standard.programmeWeeks()),
                standard.maxMinutesPerSession(), measures.contains(SafetyModification.REDUCED_SPEED),
                measures.contains(SafetyModification.SUPERVISED),
                measures.contains(SafetyModification.NO_OVERGROUND), measures.contains(SafetyModification.NO_UNSUPERVISED_HOME)
                        || measures.contains(SafetyModification.SUPERVISED),
                measures.contains(SafetyModification.MEDICATION_REVIEW), order.getIdElement().getIdPart());
    }

    private static int whole(Double value, int standard) {
        return value == null ? standard : (int) Math.round(value);
    }
}
