package org.retrowalk.cds.app;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jboss.logging.Logger;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.terminology.ClinicalValueSet;
import org.retrowalk.cds.terminology.Terminology;

/**
 * What the app reads and writes on the EHR's FHIR server beyond the record: the patient's backward-walking orders,
 * and the prescriptions and assessment results it saves. Always the session's server, patient and token (the token
 * goes in the Authorization header only); never a patient named by the browser.
 */
@Singleton
public class EhrClient {

    private static final Logger LOG = Logger.getLogger(EhrClient.class);

    /** The EHR's server refused or could not be reached; the message says which, never with a token or a URL. */
    public static final class EhrException extends RuntimeException {
        private final int status;

        EhrException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The FHIR server's HTTP status, or 0 when it was not reached. */
        public int status() {
            return status;
        }
    }

    private final FhirContext fhir;
    private final OrderCheck check;
    private final String orderCodes;

    @Inject
    public EhrClient(FhirContext fhir, OrderCheck check, Terminology terminology) {
        this.fhir = fhir;
        this.check = check;
        this.orderCodes = String.join(",", terminology.get(ClinicalValueSet.BACKWARD_WALKING_ORDER).listedTokens());
    }

    /** The patient's active or on-hold backward-walking orders, newest first (by last update, then id). */
    public List<ServiceRequest> activeBackwardWalkingOrders(AppSession session) {
        Bundle page = call(() -> client(session).search().forResource(ServiceRequest.class)
                .whereMap(Map.of("patient", List.of(session.patientId()), "status", List.of("active,on-hold"), "code", List.of(orderCodes)))
                .returnBundle(Bundle.class).execute());
        List<ServiceRequest> orders = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            if (entry.getResource() instanceof ServiceRequest order && check.isBackwardWalking(order)
                    && ("Patient/" + session.patientId()).equals(order.getSubject().getReference())) {
                orders.add(order);
            }
        }
        orders.sort(Comparator.comparing((ServiceRequest o) -> o.getMeta().getLastUpdated(), Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        return orders;
    }

    /** Creates the resource on the EHR's server; its new id. */
    public IdType create(AppSession session, Resource resource) {
        IdType id = (IdType) call(() -> client(session).create().resource(resource).execute()).getId();
        LOG.infof("app created %s on the EHR's server", resource.fhirType());
        return id == null ? new IdType(resource.fhirType(), "unknown") : id;
    }

    private IGenericClient client(AppSession session) {
        IGenericClient client = fhir.newRestfulGenericClient(session.fhirServer());
        if (session.accessToken() != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(session.accessToken()));
        }
        return client;
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (FhirClientConnectionException e) {
            // A subclass of BaseServerResponseException, so first: the server was not reached, or did not answer in time.
            throw new EhrException(0, "The EHR's FHIR server could not be reached.");
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            throw new EhrException(status, switch (status) {
                case 401 -> "The EHR no longer accepts this sign-in: launch the app again from the patient's chart.";
                case 403 -> "The EHR did not allow this sign-in to do that for this patient.";
                case 400, 412, 422 -> "The EHR's FHIR server refused the request as invalid (" + status + ").";
                default -> "The EHR's FHIR server answered with an error (" + status + ").";
            });
        }
    }
}
