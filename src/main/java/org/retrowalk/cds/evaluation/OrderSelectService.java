package org.retrowalk.cds.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.cards.OrderCards;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.platform.CdsException;
import org.retrowalk.cds.record.RecordQueries;

/** backward-walking-order-select: checks the backward-walking orders the clinician has just selected. */
@Singleton
public class OrderSelectService extends OrderCheckService {

    public static final String ID = "backward-walking-order-select";

    @Inject
    public OrderSelectService(PatientEvaluator evaluator, OrderCheck check, OrderCards cards, RecordQueries queries,
                              RetrowalkConfig config,
                              @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        super(evaluator, check, cards, config.orders().confirmConsistent(), describe("order-select", ID, "Backward-walking order check (while writing)",
                "a backward-walking physiotherapy order as it is selected", queries, version));
    }

    /** Only the orders named in context.selections (as "ServiceRequest/id"); the others are being written, not chosen. */
    @Override
    List<ServiceRequest> toCheck(List<ServiceRequest> backwardWalking, CdsRequest request) {
        JsonNode selections = request.context().get("selections");
        if (selections == null || !selections.isArray()) {
            throw CdsException.badRequest("Field 'context.selections' is required for order-select: the ids of the selected orders.");
        }
        Set<String> selected = new HashSet<>();
        selections.forEach(s -> selected.add(s.asText()));
        return backwardWalking.stream().filter(o -> selected.contains("ServiceRequest/" + o.getIdElement().getIdPart())).toList();
    }
}
