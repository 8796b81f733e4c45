package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.JOINT_ARTHROPLASTY;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirDates;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.terminology.CodeSet;
import org.retrowalk.cds.terminology.TextConcept;

/**
 * A hip or knee arthroplasty (total, partial or revision; section 5a) within the arthroplasty window: a Procedure, or a
 * Condition recording one (an artificial hip or knee joint); by code in any system (SNOMED CT, ICD-10-PCS, CPT,
 * ICD-10), or named in words (a SNOMED CT code the expansion lacks included); any day a partial date allows; an
 * undated one is possibly recent. And a planned one: an active or on-hold ServiceRequest.
 */
final class ArthroplastyReader {

    private ArthroplastyReader() {
    }

    static Arthroplasty read(ReadingContext context) {
        CodeSet codes = context.codes(JOINT_ARTHROPLASTY);
        Found found = new Found(context, context.today.minusWeeks(context.parameters.windows().arthroplastyWeeks()));
        for (Procedure p : context.record.all(Procedure.class)) {
            if (p.getStatus() != Procedure.ProcedureStatus.ENTEREDINERROR && p.getStatus() != Procedure.ProcedureStatus.NOTDONE
                    && p.getStatus() != Procedure.ProcedureStatus.PREPARATION
                    && context.isEvent(p.getCode(), codes, TextConcept.JOINT_ARTHROPLASTY)) {
                found.add(FhirDates.performed(p), p.getCode());
            }
        }
        for (Condition c : context.record.all(Condition.class)) {
            // A condition records a replacement by code (Z96.64, Z96.65), or in words where it has no code we know; the
            // SNOMED CT hierarchy is read by its words on the procedures, where the replacement itself is recorded.
            if (FhirStatuses.verified(c) && context.isConcept(c.getCode(), codes, TextConcept.JOINT_ARTHROPLASTY)) {
                found.add(context.onset(c), c.getCode());
            }
        }
        boolean recent = found.date != null;
        String name = found.name;
        if (!recent && found.undatedName != null) {
            recent = true;
            name = found.undatedName;
            context.note(DataNote.Kind.ASSUMED, "A hip or knee arthroplasty is recorded without a date: it was treated as possibly recent.");
        }
        boolean planned = false;
        for (ServiceRequest s : context.record.all(ServiceRequest.class)) {
            if ((s.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE || s.getStatus() == ServiceRequest.ServiceRequestStatus.ONHOLD)
                    && context.isEvent(s.getCode(), codes, TextConcept.JOINT_ARTHROPLASTY)) {
                planned = true;
            }
        }
        return new Arthroplasty(recent, found.date, planned, name);
    }

    /** The latest arthroplasty in the window (any day its date allows), and one recorded without a date, by name. */
    private static final class Found {
        private final ReadingContext context;
        private final LocalDate windowStart;
        LocalDate date;
        String name;
        String undatedName;

        Found(ReadingContext context, LocalDate windowStart) {
            this.context = context;
            this.windowStart = windowStart;
        }

        void add(Optional<When> when, CodeableConcept code) {
            if (when.isEmpty()) {
                undatedName = ReadingContext.describe(code);
            } else if (context.overlaps(when.get(), windowStart)) {
                LocalDate latest = context.latestPossible(when.get());
                if (date == null || latest.isAfter(date)) {
                    date = latest;
                    name = ReadingContext.describe(code);
                }
            }
        }
    }
}
