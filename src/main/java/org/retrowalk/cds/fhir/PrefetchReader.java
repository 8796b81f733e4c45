package org.retrowalk.cds.fhir;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builds the patient's record from the call's prefetch, by the CDS Hooks prefetch semantics: a key mapped
 * to null means the EHR found nothing; an absent key, or an OperationOutcome in its place, means the data
 * was not provided. Resources that name another patient are refused: advice must never mix records.
 */
@Singleton
public class PrefetchReader {

    private final RecordQueries queries;

    @Inject
    public PrefetchReader(RecordQueries queries) {
        this.queries = queries;
    }

    /** The record, and the keys whose data was not provided (absent, an OperationOutcome, or more pages). */
    public record Result(PatientRecord record, List<String> notProvided) {}

    public Result read(String patientId, Map<String, Resource> prefetch) {
        Map<String, Resource> given = prefetch == null ? Map.of() : prefetch;
        List<String> notProvided = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        Patient patient = null;
        for (RecordQuery query : queries.all()) {
            if (!given.containsKey(query.key())) {
                notProvided.add(query.key());
                continue;
            }
            Resource value = given.get(query.key());
            if (value == null) {
                continue;
            }
            if (value instanceof OperationOutcome) {
                notProvided.add(query.key());
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
            if (bundle.getLink(Bundle.LINK_NEXT) != null) {
                // Only part of the result: using it could hide the falls or drugs on later pages.
                notProvided.add(query.key());
                continue;
            }
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                if (resource == null || resource instanceof OperationOutcome) {
                    continue;
                }
                if (query.type().isInstance(resource) || resource instanceof Medication || resource instanceof Device) {
                    checkSubject(query.key(), resource, patientId);
                    resources.add(resource);
                }
            }
        }
        return new Result(new PatientRecord(patientId, patient, resources), notProvided);
    }

    private static void checkSubject(String key, Resource resource, String patientId) {
        Reference subject = subjectOf(resource);
        if (subject == null || !subject.hasReference()) {
            return;
        }
        String type = References.typePart(subject.getReference());
        String id = References.idPart(subject.getReference());
        if ((type != null && !type.equals("Patient")) || !patientId.equals(id)) {
            throw new PrefetchException("Prefetch '" + key + "' holds a " + resource.fhirType()
                    + " whose subject is not the patient named by context.patientId.");
        }
    }

    /** The patient a resource is about: Device names it in "patient", the others in "subject". */
    private static Reference subjectOf(Resource resource) {
        Property property = resource.getNamedProperty(resource instanceof Device ? "patient" : "subject");
        if (property == null || !property.hasValues()) {
            return null;
        }
        return property.getValues().get(0) instanceof Reference reference ? reference : null;
    }

    /** The prefetch contradicts itself or the context: the caller's error (400). */
    public static final class PrefetchException extends RuntimeException {
        public PrefetchException(String message) {
            super(message, null, false, false);
        }
    }
}
