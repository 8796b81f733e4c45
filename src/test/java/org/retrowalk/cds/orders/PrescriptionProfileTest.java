package org.retrowalk.cds.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;
import org.retrowalk.cds.fhir.FhirContextProducer;

/** The backward-walking prescription profile: a good prescription passes; each broken one says what to fix. */
@QuarkusTest
public class PrescriptionProfileTest {

    static final String GOOD = """
            {"resourceType":"ServiceRequest","id":"draft-1","status":"draft","intent":"order",
             "text":{"status":"generated","div":"<div xmlns=\\"http://www.w3.org/1999/xhtml\\">Backward walking training</div>"},
             "category":[{"coding":[{"system":"http://snomed.info/sct","code":"91251008","display":"Physical therapy procedure"}]}],
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"229065009","display":"Exercise therapy"}],"text":"Backward walking training"},
             "subject":{"reference":"Patient/p1"},
             "occurrenceTiming":{"repeat":{"boundsDuration":{"value":6,"unit":"wk","system":"http://unitsofmeasure.org","code":"wk"},
               "duration":10,"durationUnit":"min","frequency":3,"period":1,"periodUnit":"wk"}},
             "orderDetail":[{"coding":[{"system":"http://retrowalk.org/fhir/CodeSystem/safety-modification","code":"SUPERVISED"}],
               "text":"Supervised by a physiotherapist"}],
             "reasonReference":[{"reference":"Condition/oa1"}]}""";

    @Inject
    ProfileValidator validator;

    public static ServiceRequest good() {
        return (ServiceRequest) FhirContextProducer.jsonParser().parseResource(GOOD);
    }

    List<SingleValidationMessage> problems(Consumer<ServiceRequest> breakIt) {
        ServiceRequest order = good();
        breakIt.accept(order);
        return validator.validate(order, ProfileValidator.PRESCRIPTION_PROFILE).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.WARNING.ordinal()).toList();
    }

    void assertError(Consumer<ServiceRequest> breakIt, String words) {
        List<SingleValidationMessage> problems = problems(breakIt);
        assertTrue(problems.stream().anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR && m.getMessage().contains(words)),
                "expected an error saying '" + words + "', got " + problems.stream().map(SingleValidationMessage::getMessage).toList());
    }

    @Test
    void aCompletePrescriptionIsValid() {
        assertEquals(List.of(), problems(o -> { }).stream().map(SingleValidationMessage::getMessage).toList());
    }

    @Test
    void noScheduleSaysWhatToState() {
        assertError(o -> o.setOccurrence(null), "weekly schedule");
    }

    @Test
    void noSessionsPerWeek() {
        assertError(o -> o.getOccurrenceTiming().getRepeat().setFrequencyElement(null), "State the sessions per week");
    }

    @Test
    void minutesGivenInHours() {
        assertError(o -> o.getOccurrenceTiming().getRepeat().setDurationUnit(Timing.UnitsOfTime.H), "State the minutes per session");
    }

    @Test
    void noProgrammeLength() {
        assertError(o -> o.getOccurrenceTiming().getRepeat().setBounds(null), "programme length in weeks");
    }

    @Test
    void aSafetyModificationInFreeTextOnly() {
        assertError(o -> o.getOrderDetailFirstRep().getCoding().clear(), "Code every safety modification");
    }

    @Test
    void anOrderThatDoesNotNameBackwardWalking() {
        assertError(o -> {
            o.getCode().setText("Exercise therapy");
            o.getOrderDetailFirstRep().setText("Supervised");
        }, "Name backward (or retro) walking");
    }

    @Test
    void notAPhysiotherapyOrder() {
        assertError(o -> o.getCategory().clear(), "physiotherapy");
    }

    @Test
    void noKneeOsteoarthritisReason() {
        assertError(o -> o.getReasonReference().clear(), "ServiceRequest.reasonReference: minimum required = 1");
    }

    @Test
    void anotherKindOfOrderCode() {
        assertError(o -> o.getCode().getCodingFirstRep().setCode("183376001"), "backward-walking-order");
    }

    @Test
    void aDoseOutsideTheEvidenceIsAWarning() {
        List<SingleValidationMessage> problems = problems(o -> o.getOccurrenceTiming().getRepeat().setFrequency(7).setDuration(45));
        assertTrue(problems.stream().allMatch(m -> m.getSeverity() == ResultSeverityEnum.WARNING), problems.toString());
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains("2 to 5 sessions a week")));
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains("5 to 30 minutes a session")));
    }

    /** The profile, CodeSystems and ValueSets in fhir-profiles/ are themselves valid FHIR (words/ holds word lists, not FHIR). */
    @Test
    void ourConformanceResourcesAreValid() throws Exception {
        // Against all of FHIR R4: the service's validator holds only what ServiceRequests and Observations need.
        ProfileValidator validator = ValidationDefinitionsWriter.withDefinitions(FhirContextProducer.shared(),
                ValidationDefinitions.full(FhirContextProducer.shared()));
        List<String> problems = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("fhir-profiles"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.startsWith(java.nio.file.Path.of("fhir-profiles", "words"))).sorted().toList()) {
                var resource = FhirContextProducer.jsonParser().parseResource(java.nio.file.Files.readString(file));
                String base = "http://hl7.org/fhir/StructureDefinition/" + resource.fhirType();
                validator.validate(resource, base).getMessages().stream()
                        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                        .forEach(m -> problems.add(file + ": " + m.getLocationString() + " " + m.getMessage()));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void cptGaitTrainingIsAcceptedAsTheOrderCode() {
        assertEquals(List.of(), problems(o -> o.getCode().getCoding().set(0, new Coding("http://www.ama-assn.org/go/cpt", "97116", "Gait training")))
                .stream().filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR).toList());
    }
}
