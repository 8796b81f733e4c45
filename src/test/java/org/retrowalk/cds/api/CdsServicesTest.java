package org.retrowalk.cds.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.record.RecordQueries;

/** The CDS Hooks contract (../shared/spec/cds-contract.md): discovery, the service, cards, and every error. */
@QuarkusTest
class CdsServicesTest {

    static final String SERVICE = "/cds-services/backward-walking-patient-view";
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Inject
    RecordQueries queries;

    // ---- records ----------------------------------------------------------------------------------------

    static List<Resource> record(String birthDate, Resource... extra) {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        if (birthDate != null) {
            patient.setBirthDateElement(new DateType(birthDate));
        }
        Condition kneeOa = new Condition();
        kneeOa.setId("oa1");
        kneeOa.setSubject(new Reference("Patient/p1"));
        kneeOa.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "239873007", "Osteoarthritis of knee")));
        kneeOa.setOnset(new org.hl7.fhir.r4.model.DateTimeType("2021-03-01"));
        List<Resource> resources = new ArrayList<>(List.of(patient, kneeOa));
        resources.addAll(List.of(extra));
        return resources;
    }

    static Observation observation(String system, String code, double value, String unit, String date) {
        Observation o = new Observation();
        o.setId("obs-" + code + "-" + date);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setSubject(new Reference("Patient/p1"));
        o.setCode(new CodeableConcept(new Coding(system, code, null)));
        o.setValue(new Quantity().setValue(value).setUnit(unit));
        o.setEffective(new org.hl7.fhir.r4.model.DateTimeType(date));
        return o;
    }

    ObjectNode request(List<Resource> resources) {
        return Requests.patientView(queries, "p1", resources);
    }

    Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body.toString()).post(SERVICE);
    }

    // ---- discovery --------------------------------------------------------------------------------------

    @Test
    void discoveryListsThePatientViewServiceWithPrefetchTemplates() {
        given().get("/cds-services").then().statusCode(200)
                .body("services", hasSize(3))
                .body("services.id", equalTo(List.of("backward-walking-order-select", "backward-walking-order-sign", "backward-walking-patient-view")))
                .body("services.hook", equalTo(List.of("order-select", "order-sign", "patient-view")))
                .body("services[2].hook", equalTo("patient-view"))
                .body("services[2].title", notNullValue())
                .body("services[2].description", containsString("not a substitute for clinical judgement"))
                .body("services[2].usageRequirements", notNullValue())
                .body("services[2].version", notNullValue())
                .body("services[2].prefetch.keySet()", hasItems("patient", "conditions", "observations", "medicationRequests",
                        "medicationStatements", "devices", "deviceUseStatements", "procedures", "serviceRequests"))
                .body("services[2].prefetch.patient", equalTo("Patient/{{context.patientId}}"))
                .body("services[2].prefetch.observations", allOf(containsString("http://loinc.org|89423-8"), containsString("&_sort=-date")));
    }

    @Test
    void prefetchTemplatesUseOnlyThePatientIdToken() {
        java.util.Map<String, String> prefetch = given().get("/cds-services").then().extract().jsonPath().getMap("services[2].prefetch");
        for (String template : prefetch.values()) {
            String withoutPatient = template.replace("{{context.patientId}}", "");
            assertFalse(withoutPatient.contains("{{"), template);
        }
    }

    // ---- cards --------------------------------------------------------------------------------------------

    @Test
    void recommendCardCarriesEverythingTheContractAsks() {
        post(request(record("1971-06-01"))).then().statusCode(200)
                .body("cards", hasSize(1))
                .body("cards[0].uuid", matchesPattern(UUID))
                .body("cards[0].summary.length()", lessThan(140))
                .body("cards[0].indicator", equalTo("info"))
                .body("cards[0].detail", allOf(containsString("an adjunct to core therapy, never a replacement"),
                        containsString("serious injuries"), containsString("10 min of backward walking"),
                        containsString("Severity not documented"), containsString("Decision support, not a substitute for clinical judgement."),
                        containsString("not on record: a falls screen, a balance test")))
                .body("cards[0].source.label", equalTo("retrowalk-cds, backward-walking rules 1.0.0"))
                .body("cards[0].source.url", startsWith("https://"))
                .body("cards[0].source.topic.code", equalTo("backward-walking-knee-oa"))
                .body("cards[0].links.type", everyItem(equalTo("absolute")))
                .body("cards[0].links.url", hasItems("https://doi.org/10.1080/09593985.2025.2550532", "https://doi.org/10.1097/00002060-200009000-00011"))
                .body("cards[0].overrideReasons", nullValue())
                .body("cards[0].selectionBehavior", equalTo("any"))
                .body("cards[0].suggestions.uuid", everyItem(matchesPattern(UUID)))
                .body("cards[0].extension.'org.retrowalk.decision'.outcome", equalTo("RECOMMEND"))
                .body("cards[0].extension.'org.retrowalk.decision'.rules", equalTo(List.of("R50")))
                .body("cards[0].extension.'org.retrowalk.decision'.ruleSetVersion", startsWith("1.0.0+"))
                .body("cards[0]", not(hasKey("extension.'org.retrowalk.decision'.modifications")));
    }

    @Test
    void recommendSuggestsTheDefaultPrescriptionAsAProposedServiceRequest() {
        String base = "cards[0].suggestions[0].actions[0]";
        post(request(record("1971-06-01"))).then().statusCode(200)
                .body(base + ".type", equalTo("create"))
                .body(base + ".description", notNullValue())
                .body(base + ".resource.resourceType", equalTo("ServiceRequest"))
                .body(base + ".resource.status", equalTo("draft"))
                .body(base + ".resource.intent", equalTo("proposal"))
                .body(base + ".resource.code.coding[0].code", equalTo("229065009"))
                .body(base + ".resource.code.text", equalTo("Backward walking training"))
                .body(base + ".resource.category[0].coding[0].code", equalTo("91251008"))
                .body(base + ".resource.subject.reference", equalTo("Patient/p1"))
                .body(base + ".resource.reasonReference[0].reference", equalTo("Condition/oa1"))
                .body(base + ".resource.occurrenceTiming.repeat.frequency", equalTo(3))
                .body(base + ".resource.occurrenceTiming.repeat.periodUnit", equalTo("wk"))
                .body(base + ".resource.occurrenceTiming.repeat.duration", equalTo(10))
                .body(base + ".resource.occurrenceTiming.repeat.durationUnit", equalTo("min"))
                .body(base + ".resource.occurrenceTiming.repeat.boundsDuration.value", equalTo(6))
                .body(base + ".resource", not(hasKey("orderDetail")))
                // under 65 without a balance test: a baseline TUG is suggested too
                .body("cards[0].suggestions.label", hasItem("Order a baseline Timed Up and Go"));
    }

    @Test
    void modifyCardCodesItsSafetyMeasuresAndReducesTheDose() {
        Observation pain = observation("http://loinc.org", "72514-3", 8, "{score}", "2026-11-01");
        String resource = "cards[0].suggestions[0].actions[0].resource";
        post(request(record("1971-06-01", pain))).then().statusCode(200)
                .body("cards[0].indicator", equalTo("warning"))
                .body("cards[0].overrideReasons.code", hasItem("measures-in-place"))
                .body("cards[0].overrideReasons.code", not(hasItem("supervised-setting")))
                .body("cards[0].overrideReasons.display", everyItem(notNullValue()))
                .body("cards[0].extension.'org.retrowalk.decision'.outcome", equalTo("MODIFY"))
                .body("cards[0].extension.'org.retrowalk.decision'.modifications", equalTo(List.of("REDUCED_DOSE", "PAIN_MONITORING")))
                .body(resource + ".orderDetail.coding.flatten().code", equalTo(List.of("REDUCED_DOSE", "PAIN_MONITORING")))
                .body(resource + ".orderDetail[0].coding[0].system", equalTo("http://retrowalk.org/fhir/CodeSystem/safety-modification"))
                .body(resource + ".occurrenceTiming.repeat.duration", equalTo(5))
                .body("cards[0].detail", allOf(containsString("**Only with:** reduced dose"), containsString("5 min of backward walking"),
                        containsString("Pain 8/10 on 2026-11-01")));
    }

    @Test
    void supervisedProgrammeForbidsPractisingAloneAtHomeInTextAndOrder() {
        Observation tug = observation("http://loinc.org", "89423-8", 13, "s", "2026-11-10");
        post(request(record("1971-06-01", tug))).then().statusCode(200)
                .body("cards[0].extension.'org.retrowalk.decision'.modifications", hasItem("SUPERVISED"))
                .body("cards[0].detail", allOf(containsString("supervised by a physiotherapist"),
                        not(containsString("Practise overground at home"))))
                .body("cards[0].suggestions[0].actions[0].resource.patientInstruction", containsString("do not practise alone at home"));
    }

    @Test
    void adviseAgainstSuggestsAReferralAndOffersOverrideReasons() {
        Observation tug = observation("http://loinc.org", "89423-8", 21, "s", "2026-11-10");
        post(request(record("1971-06-01", tug))).then().statusCode(200)
                .body("cards[0].indicator", equalTo("warning"))
                .body("cards[0].summary", startsWith("Backward walking not advised now"))
                .body("cards[0].overrideReasons.code", hasItem("supervised-setting"))
                .body("cards[0].overrideReasons.code", not(hasItem("measures-in-place")))
                .body("cards[0].suggestions[0].actions.resource.code.coding.flatten().code",
                        hasItems("strength-balance-training", "falls-assessment"))
                .body("cards[0].detail", containsString("Timed Up and Go 21 s on 2026-11-10"));
    }

    @Test
    void assessFirstSuggestsTheMissingAssessments() {
        post(request(record("1956-06-01"))).then().statusCode(200)
                .body("cards[0].indicator", equalTo("info"))
                .body("cards[0].extension.'org.retrowalk.decision'.outcome", equalTo("ASSESS_FIRST"))
                .body("cards[0].extension.'org.retrowalk.decision'.rules", equalTo(List.of("R20", "R21")))
                .body("cards[0].suggestions[0].actions.resource.code.coding.flatten().code", hasItems("steadi-screen", "tug", "bwt3m", "89423-8"));
    }

    @Test
    void fallRiskDrugAddsAMedicationReviewSuggestion() {
        org.hl7.fhir.r4.model.MedicationRequest zolpidem = new org.hl7.fhir.r4.model.MedicationRequest();
        zolpidem.setId("m1");
        zolpidem.setStatus(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
        zolpidem.setIntent(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent.ORDER);
        zolpidem.setSubject(new Reference("Patient/p1"));
        zolpidem.setMedication(new CodeableConcept().setText("Zolpidem 5 mg tablet"));
        post(request(record("1971-06-01", zolpidem))).then().statusCode(200)
                .body("cards[0].extension.'org.retrowalk.decision'.rules", equalTo(List.of("R49")))
                .body("cards[0].suggestions.label", hasItem("Review fall-risk-increasing medication"))
                // The card links three sources (benefit, risk, core care); the rule's own (STOPPFall) is in the app.
                .body("cards[0].links", hasSize(3));
    }

    @Test
    void noKneeOsteoarthritisAnswersWithNoCards() {
        List<Resource> resources = record("1971-06-01");
        resources.removeIf(r -> r instanceof Condition);
        post(request(resources)).then().statusCode(200).body(equalTo("{\"cards\":[]}"));
    }

    // ---- prefetch semantics -------------------------------------------------------------------------------

    @Test
    void prefetchKeyMappedToNullMeansNothingWasFound() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("prefetch")).putNull("observations");
        post(body).then().statusCode(200).body("cards[0].extension.'org.retrowalk.decision'.outcome", equalTo("RECOMMEND"));
    }

    @Test
    void missingPrefetchKeyIs412WithAnOperationOutcome() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("prefetch")).remove("observations");
        body.putObject("fhirAuthorization").put("access_token", "secret-token-4242").put("token_type", "Bearer");
        post(body).then().statusCode(412)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("incomplete"))
                .body("issue[0].diagnostics", containsString("observations"))
                .body(not(containsString("secret-token-4242")));
    }

    @Test
    void operationOutcomeInPrefetchIsTreatedAsMissing() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("prefetch")).putObject("conditions").put("resourceType", "OperationOutcome")
                .putArray("issue").addObject().put("severity", "error").put("code", "timeout");
        post(body).then().statusCode(412).body("issue[0].diagnostics", containsString("conditions"));
    }

    @Test
    void pagedPrefetchIsIncompleteData() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("prefetch").get("conditions")).putArray("link").addObject().put("relation", "next").put("url", "http://ehr/fhir?page=2");
        post(body).then().statusCode(412).body("issue[0].diagnostics", containsString("conditions"));
    }

    @Test
    void prefetchForAnotherPatientIsRefused() {
        List<Resource> resources = record("1971-06-01");
        ((Condition) resources.get(1)).setSubject(new Reference("Patient/someone-else"));
        post(request(resources)).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("'conditions'"))
                .body(not(containsString("someone-else")));
    }

    @Test
    void deviceOfAnotherPatientIsRefused() {
        org.hl7.fhir.r4.model.Device cane = new org.hl7.fhir.r4.model.Device();
        cane.setId("d1");
        cane.setPatient(new Reference("Patient/someone-else"));
        cane.setType(new CodeableConcept(new Coding("http://snomed.info/sct", "87405001", "Cane")));
        post(request(record("1971-06-01", cane))).then().statusCode(400)
                .body("issue[0].diagnostics", containsString("'devices'"));
    }

    @Test
    void invalidFhirInPrefetchIsA400NamingTheKey() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("prefetch")).putObject("patient").put("resourceType", "NoSuchResource");
        post(body).then().statusCode(400).body("issue[0].diagnostics", containsString("prefetch.patient"));
    }

    @Test
    void prefetchOfTheWrongTypeIsA400() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("prefetch")).set("conditions", body.get("prefetch").get("patient"));
        post(body).then().statusCode(400).body("issue[0].diagnostics", containsString("must be a Bundle"));
    }

    // ---- errors -------------------------------------------------------------------------------------------

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"hook\": \"patient-view\", ").post(SERVICE).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("not well-formed JSON"));
    }

    @Test
    void wrongHookIs400() {
        ObjectNode body = request(record("1971-06-01"));
        body.put("hook", "order-sign");
        post(body).then().statusCode(400).body("issue[0].diagnostics", containsString("'hook'"));
    }

    @Test
    void missingPatientIdIs400() {
        ObjectNode body = request(record("1971-06-01"));
        ((ObjectNode) body.get("context")).remove("patientId");
        post(body).then().statusCode(400).body("issue[0].diagnostics", containsString("context.patientId"));
    }

    @Test
    void hookInstanceThatIsNotAUuidIs400() {
        ObjectNode body = request(record("1971-06-01"));
        body.put("hookInstance", "12345");
        post(body).then().statusCode(400).body("issue[0].diagnostics", containsString("hookInstance"));
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        ObjectNode body = request(record("1971-06-01"));
        body.putArray("hook");
        post(body).then().statusCode(400).body("issue[0].diagnostics", containsString("'hook'"));
    }

    @Test
    void emptyBodyIs400() {
        given().contentType(ContentType.JSON).body("").post(SERVICE).then().statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void unknownServiceIs404() {
        given().contentType(ContentType.JSON).body(request(record("1971-06-01")).toString())
                .post("/cds-services/no-such-service").then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("not-found"))
                .body("issue[0].diagnostics", containsString("no-such-service"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        // 4M is the configured limit; the declared length is refused before the body is read.
        byte[] big = new byte[4 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        given().contentType(ContentType.JSON).body(big).post(SERVICE).then().statusCode(413)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("too-long"));
    }

    @Test
    void nonJsonContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("hook=patient-view").post(SERVICE).then().statusCode(415)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("application/json"));
    }

    @Test
    void getOnAServiceIs405() {
        given().get(SERVICE).then().statusCode(405).body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void errorBodiesNeverCarryAStackTrace() {
        for (String body : List.of("{", "[]", "{\"hook\":1}", "{\"prefetch\":{\"patient\":[1]}}", "null")) {
            given().contentType(ContentType.JSON).body(body).post(SERVICE).then()
                    .statusCode(400)
                    .body(not(containsString("at org.")))
                    .body(not(containsString("Exception")));
        }
    }
}
