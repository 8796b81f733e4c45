package org.retrowalk.cds.record;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.References;

/**
 * Takes the resources of one query out of a search Bundle, whether it came in the prefetch or from the
 * server: entries of the query's type (and included Devices and Medications), never a resource whose
 * subject is another patient.
 */
final class BundleEntries {

    private BundleEntries() {
    }

    /** A resource names another patient: advice must never mix records. */
    static final class ForeignResourceException extends RuntimeException {
        ForeignResourceException(String message) {
            super(message, null, false, false);
        }
    }

    static void collect(RecordQuery query, Bundle bundle, String patientId, List<Resource> into) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null || resource instanceof OperationOutcome) {
                continue;
            }
            if (query.type().isInstance(resource) || resource instanceof Medication || resource instanceof Device) {
                checkSubject(query.key(), resource, patientId);
                into.add(resource);
            }
        }
    }

    /**
     * A whole record sent as one Bundle ($validate's "record"): the Patient, if any, must be the patient named,
     * and every other resource must be about that patient, as in a prefetch.
     */
    static PatientRecord record(String patientId, Bundle bundle, String key) {
        org.hl7.fhir.r4.model.Patient patient = null;
        List<Resource> resources = new java.util.ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof org.hl7.fhir.r4.model.Patient p) {
                String id = p.getIdElement().getIdPart();
                if (id != null && !id.equals(patientId)) {
                    throw new ForeignResourceException("'" + key + "' holds a Patient who is not the patient named.");
                }
                patient = p;
            } else if (resource != null && !(resource instanceof OperationOutcome)) {
                checkSubject(key, resource, patientId);
                resources.add(resource);
            }
        }
        return new PatientRecord(patientId, patient, resources);
    }

    private static void checkSubject(String key, Resource resource, String patientId) {
        Reference subject = subjectOf(resource);
        if (subject == null || !subject.hasReference()) {
            return;
        }
        String type = References.typePart(subject.getReference());
        String id = References.idPart(subject.getReference());
        if ((type != null && !type.equals("Patient")) || !patientId.equals(id)) {
            throw new ForeignResourceException("'" + key + "' holds a " + resource.fhirType()
                    + " whose subject is not the patient named" + (key.equals("record") ? "." : " by context.patientId."));
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
}
