package org.retrowalk.cds.fhir.server;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceUseStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The searches of our prefetch templates and the service's own queries (patient, code, status, Observation
 * date, _sort; _count and paging by the server), on every resource type the service reads, plus Patient read;
 * and what the physiotherapist's app writes: create and read of ServiceRequest and Observation.
 */
public final class PatientRecordProvider {

    /** A patient whose pain score search has a million results, to test the page bound. */
    public static final String HUGE_PATIENT = "huge-result";

    private final InMemoryStore store;

    public PatientRecordProvider(InMemoryStore store) {
        this.store = store;
    }

    @Read(type = Patient.class)
    public Patient read(@IdParam IdType id) {
        Patient patient = (Patient) store.read("Patient", id.getIdPart());
        if (patient == null) {
            throw new ResourceNotFoundException(id);
        }
        return patient;
    }

    @Read(type = ServiceRequest.class)
    public ServiceRequest readServiceRequest(@IdParam IdType id) {
        return (ServiceRequest) found(store.read("ServiceRequest", id.getIdPart()), id);
    }

    @Read(type = Observation.class)
    public Observation readObservation(@IdParam IdType id) {
        return (Observation) found(store.read("Observation", id.getIdPart()), id);
    }

    @Create(type = ServiceRequest.class)
    public MethodOutcome createServiceRequest(@ResourceParam ServiceRequest order) {
        return created(order, order.getSubject());
    }

    @Create(type = Observation.class)
    public MethodOutcome createObservation(@ResourceParam Observation observation) {
        return created(observation, observation.getSubject());
    }

    /** As a FHIR server does on create: a new id, version 1; a resource about no patient is refused. */
    private MethodOutcome created(Resource resource, Reference subject) {
        if (subject == null || !subject.getReference().startsWith("Patient/") || store.read("Patient", subject.getReference().substring(8)) == null) {
            throw new InvalidRequestException("subject must reference a patient of this server");
        }
        IdType id = new IdType(resource.fhirType(), "created-" + java.util.UUID.randomUUID(), "1");
        resource.setId(id);
        resource.getMeta().setVersionId("1").setLastUpdated(new java.util.Date());
        store.add(resource);
        return new MethodOutcome(id, true).setResource(resource);
    }

    private static Resource found(Resource resource, IdType id) {
        if (resource == null) {
            throw new ResourceNotFoundException(id);
        }
        return resource;
    }

    @Search(type = Condition.class)
    public IBundleProvider conditions(@RequiredParam(name = "patient") ReferenceParam patient,
                                      @OptionalParam(name = "code") TokenOrListParam code) {
        return list("Condition", patient, code, null, null);
    }

    @Search(type = Observation.class)
    public IBundleProvider observations(@RequiredParam(name = "patient") ReferenceParam patient,
                                        @OptionalParam(name = "code") TokenOrListParam code,
                                        @OptionalParam(name = "status") TokenOrListParam status,
                                        @OptionalParam(name = "date") DateRangeParam date, @Sort SortSpec sort) {
        if (HUGE_PATIENT.equals(patient.getIdPart()) && (code == null
                || code.getValuesAsQueryTokens().stream().anyMatch(t -> "72514-3".equals(t.getValue())))) {
            return huge(patient.getIdPart());
        }
        return new SimpleBundleProvider(store.search("Observation", patient.getIdPart(), code, status, date, sort));
    }

    @Search(type = MedicationRequest.class)
    public IBundleProvider medicationRequests(@RequiredParam(name = "patient") ReferenceParam patient,
                                              @OptionalParam(name = "status") TokenOrListParam status) {
        return list("MedicationRequest", patient, null, status, null);
    }

    @Search(type = MedicationStatement.class)
    public IBundleProvider medicationStatements(@RequiredParam(name = "patient") ReferenceParam patient,
                                                @OptionalParam(name = "status") TokenOrListParam status) {
        return list("MedicationStatement", patient, null, status, null);
    }

    @Search(type = Device.class)
    public IBundleProvider devices(@RequiredParam(name = "patient") ReferenceParam patient) {
        return list("Device", patient, null, null, null);
    }

    @Search(type = DeviceUseStatement.class)
    public IBundleProvider deviceUseStatements(@RequiredParam(name = "patient") ReferenceParam patient) {
        return list("DeviceUseStatement", patient, null, null, null);
    }

    @Search(type = Procedure.class)
    public IBundleProvider procedures(@RequiredParam(name = "patient") ReferenceParam patient,
                                      @OptionalParam(name = "code") TokenOrListParam code,
                                      @OptionalParam(name = "date") DateRangeParam date, @Sort SortSpec sort) {
        return new SimpleBundleProvider(store.search("Procedure", patient.getIdPart(), code, null, date, sort));
    }

    @Search(type = ServiceRequest.class)
    public IBundleProvider serviceRequests(@RequiredParam(name = "patient") ReferenceParam patient,
                                           @OptionalParam(name = "status") TokenOrListParam status,
                                           @OptionalParam(name = "code") TokenOrListParam code) {
        return list("ServiceRequest", patient, code, status, null);
    }

    private IBundleProvider list(String type, ReferenceParam patient, TokenOrListParam code, TokenOrListParam status, SortSpec sort) {
        return new SimpleBundleProvider(store.search(type, patient.getIdPart(), code, status, null, sort));
    }

    /** Results made up page by page, never held in memory. */
    private static IBundleProvider huge(String patientId) {
        return new SimpleBundleProvider(1_000_000) {
            @Override
            public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder builder) {
                List<IBaseResource> page = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    Observation o = new Observation();
                    o.setId("pain-" + i);
                    o.setStatus(Observation.ObservationStatus.FINAL);
                    o.setSubject(new Reference("Patient/" + patientId));
                    o.setCode(new CodeableConcept(new Coding("http://loinc.org", "72514-3", null)));
                    o.setEffective(new DateTimeType("2026-11-01"));
                    o.setValue(new Quantity().setValue(2));
                    page.add(o);
                }
                return page;
            }
        };
    }
}
