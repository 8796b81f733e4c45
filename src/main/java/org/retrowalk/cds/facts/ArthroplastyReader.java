package org.retrowalk.cds.facts;

import static org.retrowalk.cds.terminology.ClinicalValueSet.KNEE_ARTHROPLASTY;

import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.fhir.FhirDates.When;
import org.retrowalk.cds.fhir.FhirDates;
import org.retrowalk.cds.fhir.FhirStatuses;
import org.retrowalk.cds.terminology.CodeSet;

/**
 * A knee arthroplasty within the arthroplasty window (a Procedure, or a Condition recording one; any day a partial
 * date allows; an undated one is possibly recent), and a planned one (an active or on-hold ServiceRequest).
 */
final class ArthroplastyReader {

    private ArthroplastyReader() {
    }

    static Arthroplasty read(ReadingContext context) {
        CodeSet codes = context.codes(KNEE_ARTHROPLASTY);
        LocalDate windowStart = context.today.minusWeeks(context.parameters.windows().arthroplastyWeeks());
        LocalDate recentDate = null;
        boolean recent = false;
        boolean undated = false;
        for (Procedure p : context.record.all(Procedure.class)) {
            if (!codes.contains(p.getCode()) || p.getStatus() == Procedure.ProcedureStatus.ENTEREDINERROR
                    || p.getStatus() == Procedure.ProcedureStatus.NOTDONE || p.getStatus() == Procedure.ProcedureStatus.PREPARATION) {
                continue;
            }
            Optional<When> when = FhirDates.performed(p);
            if (when.isEmpty()) {
                undated = true;
            } else if (context.overlaps(when.get(), windowStart)) {
                recent = true;
                recentDate = later(recentDate, context.latestPossible(when.get()));
            }
        }
        for (Condition c : context.record.all(Condition.class)) {
            if (!codes.contains(c.getCode()) || !FhirStatuses.verified(c)) {
                continue;
            }
            Optional<When> when = context.onset(c);
            if (when.isEmpty()) {
                undated = true;
            } else if (context.overlaps(when.get(), windowStart)) {
                recent = true;
                recentDate = later(recentDate, context.latestPossible(when.get()));
            }
        }
        if (undated && !recent) {
            recent = true;
            context.note(DataNote.Kind.ASSUMED, "A knee arthroplasty is recorded without a date: it was treated as possibly recent.");
        }
        boolean planned = context.record.all(ServiceRequest.class).stream()
                .anyMatch(s -> codes.contains(s.getCode()) && (s.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                        || s.getStatus() == ServiceRequest.ServiceRequestStatus.ONHOLD));
        return new Arthroplasty(recent, recentDate, planned);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
