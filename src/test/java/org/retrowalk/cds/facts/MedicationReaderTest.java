package org.retrowalk.cds.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.retrowalk.cds.facts.FhirRecords.PARAMETERS;
import static org.retrowalk.cds.facts.FhirRecords.PATIENT;
import static org.retrowalk.cds.facts.FhirRecords.RXNORM;
import static org.retrowalk.cds.facts.FhirRecords.TERMINOLOGY;
import static org.retrowalk.cds.facts.FhirRecords.code;
import static org.retrowalk.cds.facts.FhirRecords.context;
import static org.retrowalk.cds.facts.FhirRecords.row;
import static org.retrowalk.cds.facts.FhirRecords.text;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How fall-risk-increasing drugs and anticoagulants are read from active medication orders and statements. */
class MedicationReaderTest {

    static Stream<Arguments> anticoagulants() {
        MedicationRequest inpatientHeparin = request(code(RXNORM, "1659263"), MedicationRequest.MedicationRequestStatus.ACTIVE);
        inpatientHeparin.addCategory(code("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "inpatient"));
        MedicationRequest inpatientWarfarin = request(code(RXNORM, "855332"), MedicationRequest.MedicationRequestStatus.ACTIVE);
        inpatientWarfarin.addCategory(code("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "inpatient"));
        return Stream.of(
                row("warfarin by its Synthea drug code", "vitamin K antagonists", request(code(RXNORM, "855332"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("apixaban by RxNorm ingredient", "factor Xa inhibitors", request(code(RXNORM, "1364430"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("rivaroxaban by ATC", "factor Xa inhibitors",
                        request(code("http://www.whocc.no/atc", "B01AF01"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("a brand name in the text (Eliquis)", "factor Xa inhibitors", request(text("Eliquis 5 mg twice daily"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("dabigatran named in a statement", "direct thrombin inhibitors", statement(text("Dabigatran 150 mg"))),
                row("enoxaparin at home", "heparins", request(code(RXNORM, "854228"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("heparin on an inpatient order is not taken at home", "", inpatientHeparin),
                row("warfarin on an inpatient order still counts", "vitamin K antagonists", inpatientWarfarin),
                row("a stopped warfarin order", "", request(code(RXNORM, "855332"), MedicationRequest.MedicationRequestStatus.STOPPED)),
                row("aspirin is an antiplatelet, not an anticoagulant", "", request(text("Aspirin 81 MG Oral Tablet"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("clopidogrel is an antiplatelet", "", request(code(RXNORM, "309362"), MedicationRequest.MedicationRequestStatus.ACTIVE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anticoagulants")
    void readsAnticoagulants(String name, String expected, List<Resource> resources) {
        List<DrugInUse> drugs = new MedicationReader(TERMINOLOGY, PARAMETERS).read(context(resources)).anticoagulants();
        assertEquals(expected, drugs.stream().map(DrugInUse::getDrugClass).distinct().collect(Collectors.joining(", ")));
    }

    static Stream<Arguments> cases() {
        Medication lorazepam = new Medication();
        lorazepam.setId("m1");
        lorazepam.setCode(code(RXNORM, "6470"));
        MedicationRequest containing = request(new Reference("#m1"), MedicationRequest.MedicationRequestStatus.ACTIVE);
        containing.addContained(lorazepam);
        MedicationRequest doNot = request(code(RXNORM, "3322"), MedicationRequest.MedicationRequestStatus.ACTIVE);
        doNot.setDoNotPerform(true);
        return Stream.of(
                row("none", ""),
                row("diazepam by RxNorm ingredient", "Benzodiazepines", request(code(RXNORM, "3322"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("an ATC code by class prefix", "Benzodiazepines",
                        request(code("http://www.whocc.no/atc", "N05BA12"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("a name in the text only", "Benzodiazepines", request(text("Diazepam 5 mg tablet"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("a name inside another word does not count", "", request(text("Diazepamine (fictional)"), MedicationRequest.MedicationRequestStatus.ACTIVE)),
                row("a contained Medication", "Benzodiazepines", containing),
                row("an order not to give it", "", doNot),
                row("a stopped order", "", request(code(RXNORM, "3322"), MedicationRequest.MedicationRequestStatus.STOPPED)),
                row("an active statement", "Benzodiazepines", statement(code(RXNORM, "596"))),
                row("paracetamol is not a fall-risk drug", "", request(text("Paracetamol 500 mg"), MedicationRequest.MedicationRequestStatus.ACTIVE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reads(String name, String expected, List<Resource> resources) {
        List<DrugInUse> drugs = new MedicationReader(TERMINOLOGY, PARAMETERS).read(context(resources)).fallRiskDrugs();
        assertEquals(expected, drugs.stream().map(DrugInUse::getDrugClass).distinct().collect(Collectors.joining(", ")));
    }

    private static MedicationRequest request(Type medication, MedicationRequest.MedicationRequestStatus status) {
        MedicationRequest m = new MedicationRequest();
        m.setSubject(new Reference("Patient/" + PATIENT));
        m.setMedication(medication);
        m.setStatus(status);
        return m;
    }

    private static MedicationStatement statement(CodeableConcept medication) {
        MedicationStatement m = new MedicationStatement();
        m.setSubject(new Reference("Patient/" + PATIENT));
        m.setMedication(medication);
        m.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        return m;
    }
}
