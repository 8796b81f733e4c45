package org.retrowalk.cds.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jboss.logging.Logger;
import org.retrowalk.cds.cards.OrderCards;
import org.retrowalk.cds.cdshooks.Card;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.cdshooks.CdsResponse;
import org.retrowalk.cds.cdshooks.ServiceDescriptor;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.fhir.FhirParseErrors;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.record.RecordQueries;

/**
 * order-select and order-sign: checks the backward-walking orders among the draft orders (clinical
 * specification, section 7). Other orders are ignored, not rejected; when there is no backward-walking
 * order to check, the record is not even read.
 */
abstract class OrderCheckService implements CdsService {

    private static final Logger LOG = Logger.getLogger(OrderCheckService.class);

    private final PatientEvaluator evaluator;
    private final OrderCheck check;
    private final OrderCards cards;
    private final boolean confirmConsistent;
    private final ServiceDescriptor descriptor;

    OrderCheckService(PatientEvaluator evaluator, OrderCheck check, OrderCards cards, boolean confirmConsistent, ServiceDescriptor descriptor) {
        this.evaluator = evaluator;
        this.check = check;
        this.cards = cards;
        this.confirmConsistent = confirmConsistent;
        this.descriptor = descriptor;
    }

    /** The discovery entry of an order hook: the same prefetch and requirements as patient-view. */
    static ServiceDescriptor describe(String hook, String id, String title, String which, RecordQueries queries, String version) {
        return new ServiceDescriptor(hook, id, title,
                "Checks " + which + ": advises against it for patients who meet an advise-against rule, suggests the safety "
                        + "measures and dose corrections it lacks, or confirms it. Decision support, not a substitute for clinical judgement.",
                queries.templates(), PatientViewService.USAGE_REQUIREMENTS, version);
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    /** The draft orders this hook checks; order-select narrows them to the selections. */
    abstract List<ServiceRequest> toCheck(List<ServiceRequest> backwardWalking, CdsRequest request);

    @Override
    public Answer call(CdsRequest request, String patientId) {
        List<ServiceRequest> orders = toCheck(backwardWalkingOrders(request), request);
        if (orders.isEmpty()) {
            LOG.logf(SyntheticLoad.callLogLevel(), "hookInstance=%s outcome=no-backward-walking-order", request.hookInstance());
            return new Answer(CdsResponse.none(), null);
        }
        PatientEvaluator.Evaluation evaluation = evaluator.evaluate(descriptor.id(), request, patientId);
        List<Card> result = new ArrayList<>();
        for (ServiceRequest order : orders) {
            OrderCheck.Findings findings = check.check(order, evaluation.decision().modifications());
            cards.card(evaluation.decision(), evaluation.facts(), order, findings, request.contextString("userId"), confirmConsistent)
                    .ifPresent(result::add);
        }
        return new Answer(new CdsResponse(result), evaluation);
    }

    private List<ServiceRequest> backwardWalkingOrders(CdsRequest request) {
        JsonNode drafts = request.context().get("draftOrders");
        if (drafts == null || !drafts.isObject()) {
            throw CdsException.badRequest("Field 'context.draftOrders' must be a FHIR Bundle of the orders being written.");
        }
        IBaseResource parsed;
        try {
            parsed = FhirContextProducer.jsonParser().parseResource(drafts.toString());
        } catch (RuntimeException e) {
            throw CdsException.badRequest("Field 'context.draftOrders' is not a valid FHIR R4 Bundle: " + FhirParseErrors.describe(e) + ".");
        }
        if (!(parsed instanceof Bundle bundle)) {
            throw CdsException.badRequest("Field 'context.draftOrders' must be a Bundle, not a " + parsed.fhirType() + ".");
        }
        List<ServiceRequest> orders = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof ServiceRequest order && check.isBackwardWalking(order)) {
                String id = order.getIdElement().getIdPart();
                if (id == null || !ids.add(id)) {
                    throw CdsException.badRequest("Every backward-walking order in context.draftOrders needs its own id.");
                }
                orders.add(order);
            }
        }
        return orders;
    }
}
