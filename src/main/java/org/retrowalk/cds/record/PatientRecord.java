package org.retrowalk.cds.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.retrowalk.cds.fhir.References;

/** One patient's resources as read for a call, by type. Knows nothing about what they mean clinically. */
public final class PatientRecord {

    private final String patientId;
    private final Patient patient;
    private final Map<Class<? extends Resource>, List<Resource>> byType = new LinkedHashMap<>();

    public PatientRecord(String patientId, Patient patient, List<? extends Resource> resources) {
        this.patientId = patientId;
        this.patient = patient;
        for (Resource resource : resources) {
            byType.computeIfAbsent(resource.getClass(), t -> new ArrayList<>()).add(resource);
        }
    }

    public String patientId() {
        return patientId;
    }

    /** The Patient resource; empty when the EHR looked and found none. */
    public Optional<Patient> patient() {
        return Optional.ofNullable(patient);
    }

    @SuppressWarnings("unchecked")
    public <T extends Resource> List<T> all(Class<T> type) {
        return (List<T>) byType.getOrDefault(type, List.of());
    }

    /** Resolves a Device reference ("Device/123", an absolute URL or urn:uuid:123) within the record. */
    public Optional<Device> device(String reference) {
        String id = References.idPart(reference);
        if (id == null) {
            return Optional.empty();
        }
        return all(Device.class).stream().filter(d -> id.equals(d.getIdElement().getIdPart())).findFirst();
    }

    /**
     * A record sent whole in one Bundle, with the same check as a prefetch: nothing in it may be about another
     * patient. @throws IllegalArgumentException naming what is foreign
     */
    public static PatientRecord fromBundle(String patientId, org.hl7.fhir.r4.model.Bundle bundle) {
        try {
            return BundleEntries.record(patientId, bundle, "record");
        } catch (BundleEntries.ForeignResourceException e) {
            throw new IllegalArgumentException("Parameter " + e.getMessage(), e);
        }
    }

    public int size() {
        return byType.values().stream().mapToInt(List::size).sum() + (patient == null ? 0 : 1);
    }
}
