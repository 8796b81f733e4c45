package org.retrowalk.cds.evaluation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.retrowalk.cds.cards.OrderCards;
import org.retrowalk.cds.cdshooks.CdsRequest;
import org.retrowalk.cds.config.RetrowalkConfig;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.record.RecordQueries;

/** backward-walking-order-sign: the final check of every backward-walking order about to be signed. */
@Singleton
public class OrderSignService extends OrderCheckService {

    public static final String ID = "backward-walking-order-sign";

    @Inject
    public OrderSignService(PatientEvaluator evaluator, OrderCheck check, OrderCards cards, RecordQueries queries,
                            RetrowalkConfig config,
                            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        super(evaluator, check, cards, config.orders().confirmConsistent(), describe("order-sign", ID, "Backward-walking order check (before signing)",
                "every backward-walking physiotherapy order before it is signed", queries, version));
    }

    @Override
    List<ServiceRequest> toCheck(List<ServiceRequest> backwardWalking, CdsRequest request) {
        return backwardWalking;
    }
}
