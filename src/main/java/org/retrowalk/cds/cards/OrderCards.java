package org.retrowalk.cds.cards;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.cdshooks.Action;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.Indicator;
import org.retrowalk.cds.cdshooks.Suggestion;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.platform.Uuids;

/**
 * Cards about one backward-walking order being written or signed (clinical specification, sections 7 and
 * 8): critical when the patient meets an advise-against rule, a warning with an update suggestion when the
 * order lacks safety measures or its dose is outside the evidence, a warning with the missing assessments
 * when the patient must be assessed first, and an info confirmation (or nothing) when it is consistent.
 */
@ApplicationScoped
public class OrderCards {

    private final CardFactory cards;

    @Inject
    public OrderCards(CardFactory cards) {
        this.cards = cards;
    }

    public Optional<Card> card(Decision decision, ClinicalFacts facts, ServiceRequest draft, OrderCheck.Findings findings,
                               String userId, boolean confirmConsistent) {
        if (decision.outcome() == Outcome.NO_CARD) {
            return Optional.empty(); // outside the service's scope: no knee OA, under 18, deceased
        }
        String reference = "ServiceRequest/" + draft.getIdElement().getIdPart();
        String patientId = facts.patient().getId();
        List<Suggestion> suggestions = new ArrayList<>();
        Indicator indicator;
        String summary;
        Outcome reasonsFor;

        switch (decision.outcome()) {
            case ADVISE_AGAINST -> {
                indicator = Indicator.CRITICAL;
                reasonsFor = Outcome.ADVISE_AGAINST;
                summary = decision.dataComplete()
                        ? CardFactory.fitted("Backward-walking order not advised: ", cards.phrases(decision, Outcome.ADVISE_AGAINST), "; ", " reasons")
                        : "Backward-walking order not advised: part of the record could not be read";
                suggestions.add(CardFactory.suggestion("Remove the backward-walking order", true, Action.delete("Remove the draft backward-walking order", reference)));
                cards.referral(decision, patientId, userId).ifPresent(suggestions::add);
            }
            case ASSESS_FIRST -> {
                indicator = Indicator.WARNING;
                reasonsFor = Outcome.ASSESS_FIRST;
                summary = CardFactory.fitted("Before this backward-walking order: ", cards.phrases(decision, Outcome.ASSESS_FIRST), "; ", "");
                List<Action> assessments = cards.assessmentActions(decision, patientId, userId);
                if (!assessments.isEmpty()) {
                    suggestions.add(new Suggestion("Order the missing falls and balance assessments", Uuids.next(), true, assessments));
                }
                correction(facts, draft, findings).ifPresent(suggestions::add);
            }
            default -> {
                reasonsFor = Outcome.MODIFY;
                if (findings.consistent()) {
                    if (!confirmConsistent) {
                        return Optional.empty();
                    }
                    indicator = Indicator.INFO;
                    summary = "Backward-walking order consistent with the evidence and this patient's safety measures";
                } else {
                    indicator = Indicator.WARNING;
                    summary = findings.missing().isEmpty()
                            ? "Backward-walking order: dose outside the evidence; a corrected order is suggested"
                            : CardFactory.fitted("Backward-walking order lacks " + findings.missing().size() + " safety measure"
                                    + (findings.missing().size() == 1 ? "" : "s") + ": ", cards.labels(findings.missing()), ", ", "");
                    correction(facts, draft, findings).ifPresent(suggestions::add);
                }
            }
        }
        cards.medicationReview(decision, patientId, userId).ifPresent(suggestions::add);
        String detail = cards.detailWriter().order(decision, facts, orderText(draft), findings);
        return Optional.of(new Card(Uuids.next(), summary, detail, indicator, cards.source(decision),
                suggestions, suggestions.isEmpty() ? null : "any", indicator == Indicator.INFO ? List.of() : cards.overrideReasons(reasonsFor),
                cards.links(decision), cards.extension(decision, reference)));
    }

    /** An update suggestion: the draft with the missing safety measures added and the dose put right. */
    private Optional<Suggestion> correction(ClinicalFacts facts, ServiceRequest draft, OrderCheck.Findings findings) {
        if (findings.consistent()) {
            return Optional.empty();
        }
        OrderCheck.Dose dose = findings.corrected();
        ServiceRequest corrected = cards.orders().corrected(draft, findings.missing(), dose.sessionsPerWeek().intValue(),
                dose.minutesPerSession().intValue(), dose.programmeWeeks().intValue(), facts);
        return Optional.of(CardFactory.suggestion("Correct the backward-walking order", true,
                Action.update("Add the missing safety measures and correct the dose of the draft order", corrected)));
    }

    private static String orderText(ServiceRequest draft) {
        return draft.getCode().hasText() ? draft.getCode().getText()
                : draft.getCode().getCodingFirstRep().hasDisplay() ? draft.getCode().getCodingFirstRep().getDisplay() : "Backward walking";
    }
}
