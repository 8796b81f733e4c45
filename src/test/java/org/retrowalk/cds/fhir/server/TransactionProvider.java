package org.retrowalk.cds.fhir.server;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.FhirContextProducer;

/**
 * FHIR transactions of PUTs, all or nothing, refused (400) when an entry is not a PUT of its own Type/id or
 * a reference names a resource that is neither in the bundle nor on the server: HAPI's JPA server enforces
 * referential integrity on write the same way, so a bundle accepted here loads there.
 */
public final class TransactionProvider {

    private final InMemoryStore store;

    TransactionProvider(InMemoryStore store) {
        this.store = store;
    }

    @Transaction
    public Bundle transaction(@TransactionParam Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
            throw new InvalidRequestException("not a transaction bundle");
        }
        Set<String> inBundle = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT || !url.equals(entry.getRequest().getUrl())) {
                throw new InvalidRequestException("entry " + url + " is not a PUT to " + url);
            }
            inBundle.add(url);
        }
        FhirTerser terser = FhirContextProducer.shared().newTerser();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                String target = reference.getReferenceElement().toUnqualifiedVersionless().getValue();
                if (target == null || inBundle.contains(target)) {
                    continue;
                }
                String[] parts = target.split("/");
                if (parts.length != 2 || store.read(parts[0], parts[1]) == null) {
                    throw new InvalidRequestException("Resource " + target + " not found, specified in path: " + entry.getRequest().getUrl());
                }
            }
        }
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            boolean existed = store.read(resource.fhirType(), resource.getIdElement().getIdPart()) != null;
            store.put(resource);
            response.addEntry().getResponse().setStatus(existed ? "200 OK" : "201 Created")
                    .setLocation(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        }
        return response;
    }
}
