package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.FhirContextProducer;
import org.retrowalk.cds.orders.PrescriptionProfileTest;

/** POST /prescriptions/$validate: the profile, and with a record the patient's rules, without a CDS Hooks call. */
@QuarkusTest
class PrescriptionValidateTest {

    static final String PATH = "/prescriptions/$validate";

    static ServiceRequest good() {
        ServiceRequest order = PrescriptionProfileTest.good();
        order.setSubject(new Reference("Patient/p1"));
        return order;
    }

    static Bundle record(Resource... extra) {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.setBirthDateElement(new DateType("1971-06-01"));
        Condition oa = new Condition();
        oa.setId("oa1");
        oa.setSubject(new Reference("Patient/p1"));
        oa.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "239873007", "Osteoarthritis of knee")));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(oa);
        for (Resource r : extra) {
            bundle.addEntry().setResource(r);
        }
        return bundle;
    }

    static Observation tug(double seconds) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient/p1"));
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", "89423-8", null)));
        o.setEffective(new DateTimeType("2026-11-10"));
        o.setValue(new Quantity().setValue(seconds).setUnit("s"));
        return o;
    }

    ValidatableResponse post(Resource body) {
        return given().contentType("application/fhir+json").body(FhirContextProducer.jsonParser().encodeResourceToString(body))
                .post(PATH).then();
    }

    static Parameters withRecord(ServiceRequest order, Bundle record) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("resource").setResource(order);
        parameters.addParameter().setName("record").setResource(record);
        return parameters;
    }

    @Test
    void aValidPrescriptionAlone() {
        post(good()).statusCode(200)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.severity", everyItem(equalTo("information")))
                .body("issue.diagnostics", hasItem(containsString("profile only")));
    }

    @Test
    void aBrokenPrescriptionSaysWhatToFix() {
        ServiceRequest order = good();
        order.setOccurrence(null);
        post(order).statusCode(200)
                .body("issue.severity", hasItem("error"))
                .body("issue.diagnostics", hasItem(containsString("weekly schedule")));
    }

    @Test
    void consistentWithAHealthyPatientsRules() {
        post(withRecord(good(), record(tug(9)))).statusCode(200)
                .body("issue.severity", everyItem(equalTo("information")))
                .body("issue.diagnostics", hasItem(containsString("consistent with this patient's rules")))
                .body("issue.diagnostics", hasItem(containsString("R50")));
    }

    @Test
    void aPatientWhoMeetsAnAdviseAgainstRule() {
        post(withRecord(good(), record(tug(21)))).statusCode(200)
                .body("issue.find { it.severity == 'error' }.diagnostics", containsString("not advised for this patient"))
                .body("issue.find { it.severity == 'error' }.diagnostics", containsString("R11"));
    }

    @Test
    void missingSafetyMeasuresAreNamedWithTheirRules() {
        post(withRecord(good(), record(tug(13)))).statusCode(200)
                .body("issue.findAll { it.severity == 'warning' }.diagnostics", hasItem(containsString("TREADMILL_HANDRAILS")))
                .body("issue.findAll { it.severity == 'warning' }.diagnostics", hasItem(containsString("required by R42")))
                .body("issue.diagnostics", not(hasItem(containsString("Add the safety modification SUPERVISED"))));
    }

    @Test
    void anOrderThatIsNotBackwardWalking() {
        ServiceRequest order = good();
        order.getCode().setText("Quadriceps strengthening");
        order.getOrderDetail().forEach(d -> d.setText("Supervised"));
        post(order).statusCode(200).body("issue.diagnostics", hasItem(containsString("not a backward-walking order")));
    }

    @Test
    void aRecordThatMixesPatientsIsRefused() {
        Observation someoneElses = tug(25);
        someoneElses.setSubject(new Reference("Patient/p2"));
        post(withRecord(good(), record(tug(9), someoneElses))).statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("holds a Observation whose subject is not the patient named"));
        Bundle otherPatient = record(tug(9));
        ((Patient) otherPatient.getEntryFirstRep().getResource()).setId("p2");
        post(withRecord(good(), otherPatient)).statusCode(400).body("issue[0].diagnostics", containsString("holds a Patient who is not the patient named"));
    }

    @Test
    void somethingElseIs400() {
        post(new Patient()).statusCode(400).body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("ServiceRequest"));
        given().contentType("application/fhir+json").body("{not json").post(PATH).then().statusCode(400);
    }

    /** Parameters HAPI's own getParameter(name) stumbled on (a NullPointerException, answered 500). */
    @Test
    void parametersWithoutNamesOrResourcesAre400() {
        for (String body : java.util.List.of("{\"resourceType\":\"Parameters\",\"parameter\":[{}]}",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{},{\"name\":\"resource\"}]}",
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"valueString\":\"x\"}]}",
                "{\"resourceType\":\"Parameters\"}")) {
            given().contentType("application/fhir+json").body(body).post(PATH).then().statusCode(400)
                    .body("resourceType", equalTo("OperationOutcome")).body("issue[0].diagnostics", containsString("Parameters with 'resource'"));
        }
    }
}
