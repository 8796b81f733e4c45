package org.retrowalk.cds.record;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Takes what the call's prefetch holds, by the CDS Hooks prefetch semantics: a key mapped to null means the
 * EHR found nothing; an absent key, or an OperationOutcome in its place, means the data was not provided;
 * a search Bundle with a next link was provided only in part. Resources that name another patient are
 * refused: advice must never mix records.
 */
@Singleton
public class PrefetchReader {

    private final RecordQueries queries;

    @Inject
    public PrefetchReader(RecordQueries queries) {
        this.queries = queries;
    }

    /**
     * @param resources   the resources of the queries the prefetch answered whole
     * @param notProvided the queries with no data at all
     * @param partial     the queries whose Bundle has more pages, with the entries of the pages given: read again
     *                    from fhirServer with our own query, these are the fallback if that fails
     */
    public record Result(Patient patient, List<Resource> resources, List<RecordQuery> notProvided, Map<RecordQuery, List<Resource>> partial) {}

    public Result read(String patientId, Map<String, Resource> prefetch) {
        Map<String, Resource> given = prefetch == null ? Map.of() : prefetch;
        List<RecordQuery> notProvided = new ArrayList<>();
        Map<RecordQuery, List<Resource>> partial = new LinkedHashMap<>();
        List<Resource> resources = new ArrayList<>();
        Patient patient = null;
        for (RecordQuery query : queries.all()) {
            if (!given.containsKey(query.key())) {
                notProvided.add(query);
                continue;
            }
            Resource value = given.get(query.key());
            if (value == null) {
                continue;
            }
            if (value instanceof OperationOutcome) {
                notProvided.add(query);
                continue;
            }
            if (query.read()) {
                if (!(value instanceof Patient p)) {
                    throw new PrefetchException("Prefetch '" + query.key() + "' must be a Patient, not a " + value.fhirType() + ".");
                }
                String id = p.getIdElement().getIdPart();
                if (id != null && !id.equals(patientId)) {
                    throw new PrefetchException("Prefetch 'patient' is not the patient named by context.patientId.");
                }
                patient = p;
                continue;
            }
            if (!(value instanceof Bundle bundle)) {
                throw new PrefetchException("Prefetch '" + query.key() + "' must be a Bundle, not a " + value.fhirType() + ".");
            }
            boolean paged = bundle.getLink(Bundle.LINK_NEXT) != null;
            List<Resource> into = paged ? partial.computeIfAbsent(query, q -> new ArrayList<>()) : resources;
            try {
                BundleEntries.collect(query, bundle, patientId, into);
            } catch (BundleEntries.ForeignResourceException e) {
                throw new PrefetchException("Prefetch " + e.getMessage());
            }
        }
        return new Result(patient, resources, notProvided, partial);
    }

    /** The prefetch contradicts itself or the context: the caller's error (400). */
    public static final class PrefetchException extends RuntimeException {
        public PrefetchException(String message) {
            super(message, null, false, false);
        }
    }
}
