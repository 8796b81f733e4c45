package org.retrowalk.cds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.print.PageSize;
import org.retrowalk.cds.fhir.server.FhirTestServer;
import org.retrowalk.cds.fhir.server.TestPatients;
import org.retrowalk.cds.orders.OrderCheck;
import org.retrowalk.cds.orders.ProfileValidator;

/**
 * A physiotherapist's work in the app, in a real browser, from the EHR launch to a saved prescription and a printed
 * handout, and the reassessment that makes the decision again; every page checked with axe-core. The EHR is the
 * test FHIR server (create and read of ServiceRequest and Observation) with the token of the test SMART server.
 */
@QuarkusTest
@TestProfile(AppLaunchTest.AppOn.class)
class PhysiotherapistJourneyTest {

    static ChromeDriver browser;

    @TestHTTPResource("/app/launch")
    URL launch;
    @Inject
    ProfileValidator validator;
    @Inject
    FhirContext fhirContext;
    @Inject
    org.retrowalk.cds.evaluation.PatientEvaluator evaluator;

    @BeforeAll
    static void start() throws Exception {
        AppServers.start();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void openFromTheChart(String example) {
        TestPatients.TestPatient patient = AppLaunchTest.example(example);
        browser.manage().deleteAllCookies();
        browser.get(launch + "?iss=" + AppServers.fhirBase() + "&launch=" + AppServers.smart.launchFor(patient.id()));
        assertTrue(browser.getCurrentUrl().endsWith("/app/decision"), browser.getCurrentUrl());
        assertAccessible("decision of " + example);
    }

    @Test
    void fromTheCardToASavedCheckedPrescriptionAndAPrintedHandout() {
        openFromTheChart("modify-one-fall-impaired-tug");
        String patientId = AppLaunchTest.example("modify-one-fall-impaired-tug").id();
        navigate(By.linkText("Prescription"));
        assertEquals("Backward walking: the prescription", browser.findElement(By.tagName("h1")).getText());
        String required = browser.findElement(By.className("required")).getText();
        assertTrue(required.contains("Supervised") || required.contains("supervised"), required);
        assertTrue(required.contains("required by one non-injurious fall"), "each required measure names the rule requiring it: " + required);
        assertTrue(browser.findElement(By.id("check")).getText().contains("Consistent"), "the pre-filled order passes the order checks");
        assertAccessible("prescription");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(768, 1024));
        Object overflow = browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(((Number) overflow).intValue() <= 0, "no sideways scrolling on a tablet in portrait: " + overflow + " px too wide");
        Browser.screenshot(browser, "app-prescription-tablet");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1024, 1400));

        type("minutes", "45");
        waitFor(() -> browser.findElement(By.id("check")).getText().contains("outside"));
        WebElement check = browser.findElement(By.id("check"));
        assertTrue(check.getText().contains("45 minutes a session is outside the evidence's 5-30 minutes a session"), check.getText());
        assertTrue(check.getText().contains("30 min a session"), "the corrected dose is offered: " + check.getText());
        Browser.screenshot(browser, "app-prescription-out-of-range");
        assertAccessible("prescription with a problem");

        navigate(By.cssSelector("button[type=submit]"));
        assertTrue(browser.findElement(By.className("messages")).getText().contains("Not saved"), "an out-of-range order is not saved");
        assertTrue(savedOrders(patientId).isEmpty());

        type("minutes", "20");
        waitFor(() -> browser.findElement(By.id("check")).getText().contains("Consistent"));
        Browser.screenshot(browser, "app-prescription");
        navigate(By.cssSelector("button[type=submit]"));

        assertTrue(browser.getCurrentUrl().contains("/app/handout"), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.className("saved")).getText().contains("saved to the EHR"));
        List<ServiceRequest> saved = savedOrders(patientId);
        assertEquals(1, saved.size(), "one order written");
        ServiceRequest order = saved.get(0);
        ValidationResult valid = validator.validate(order, ProfileValidator.PRESCRIPTION_PROFILE);
        assertTrue(valid.getMessages().stream().noneMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()),
                "the order read back from the EHR is valid against our profile: " + valid.getMessages());
        assertEquals(20.0, OrderCheck.dose(order).minutesPerSession());
        assertEquals(ServiceRequest.ServiceRequestStatus.ACTIVE, order.getStatus());
        List<String> measures = order.getOrderDetail().stream().map(d -> d.getCodingFirstRep().getCode()).toList();
        assertTrue(measures.containsAll(List.of("SUPERVISED", "TREADMILL_HANDRAILS", "REDUCED_SPEED", "STRENGTH_BALANCE_FIRST")), measures.toString());
        assertTrue(order.getReasonReferenceFirstRep().hasReference(), "the knee OA condition is the reason");
        assertEquals(TestSmartServer.PRACTITIONER, order.getRequester().getReference(), "the signed-in physiotherapist (the ID token's fhirUser)");

        String handout = browser.findElement(By.tagName("main")).getText();
        assertTrue(handout.contains("Then walk backwards for 20 minutes."), handout);
        assertTrue(handout.contains("Do this 3 times a week, for 6 weeks."), handout);
        assertTrue(handout.contains("hold both handrails") && handout.contains("safety stop"), handout);
        assertTrue(handout.contains("Always walk backwards with your physiotherapist"), "SUPERVISED: every session supervised: " + handout);
        assertTrue(handout.contains("If you fall"), handout);
        assertTrue(browser.findElements(By.cssSelector("svg.drawing title")).size() >= 2, "the drawings carry their descriptions");
        Browser.screenshot(browser, "app-handout");
        assertAccessible("handout");
        for (PageSize size : List.of(new PageSize(29.7, 21.0), new PageSize(27.94, 21.59))) {
            String name = size.getWidth() > 21.2 ? "letter" : "a4";
            int pages = Browser.pages(Browser.printToPdf(browser, "app-handout-" + name, size));
            assertTrue(pages >= 1 && pages <= 2, "the handout prints on one or two " + name + " pages, not " + pages);
        }

        navigate(By.linkText("Español"));
        String spanish = browser.findElement(By.tagName("main")).getText();
        assertTrue(spanish.contains("Su programa de caminar hacia atrás"), spanish);
        assertTrue(spanish.contains("Después camine hacia atrás durante 20 minutos."), spanish);
        assertEquals("es", browser.findElement(By.tagName("html")).getAttribute("lang"));
        Browser.screenshot(browser, "app-handout-es");
        int spanishPages = Browser.pages(Browser.printToPdf(browser, "app-handout-es-a4", new PageSize(29.7, 21.0)));
        assertTrue(spanishPages >= 1 && spanishPages <= 2, "the Spanish handout prints on one or two A4 pages, not " + spanishPages);

        navigate(By.linkText("Prescription"));
        String again = browser.findElement(By.tagName("main")).getText();
        assertTrue(again.contains("already has an active backward-walking order"), again);
        assertTrue(browser.findElements(By.cssSelector("form.prescription")).isEmpty(), "no form to write a second order");
        assertEquals(1, savedOrders(patientId).size());
    }

    @Test
    void aReassessmentIsWrittenToTheEhrAndTheDecisionIsMadeAgainOnIt() {
        openFromTheChart("assess-first-no-falls-screen");
        String patientId = AppLaunchTest.example("assess-first-no-falls-screen").id();
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Balance not assessed"),
                "before: no balance test (R21) " + browser.findElement(By.tagName("main")).getText());
        navigate(By.linkText("Prescription"));
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Record the assessment first"), "assess first: no form");

        navigate(By.linkText("Reassessment"));
        assertAccessible("reassessment");
        type("tug", "450");
        navigate(By.cssSelector("button[type=submit]"));
        String refused = browser.findElement(By.tagName("main")).getText();
        assertTrue(refused.contains("not a plausible result"), "an implausible TUG is refused: " + refused);
        type("tug", "9.5");
        type("bwt3m", "3.8");
        type("pain", "3");
        Browser.screenshot(browser, "app-reassessment");
        navigate(By.cssSelector("button[type=submit]"));

        assertTrue(browser.getCurrentUrl().contains("/app/decision"), browser.getCurrentUrl());
        String after = browser.findElement(By.tagName("main")).getText();
        assertTrue(after.contains("3 new results recorded"), after);
        assertFalse(after.contains("Balance not assessed"), "the new TUG and backward walk test satisfy R21: " + after);
        assertTrue(after.contains("9.5"), "the facts show the new TUG: " + after);
        List<Observation> written = client().search().forResource(Observation.class).where(Observation.PATIENT.hasId(patientId))
                .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Observation) e.getResource())
                .filter(o -> o.getIdElement().getIdPart().startsWith("created-")).toList();
        assertEquals(3, written.size());
        for (Observation o : written) {
            ValidationResult valid = validator.validate(o, ReassessmentPage.SIMPLE_OBSERVATION);
            assertTrue(valid.getMessages().stream().noneMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()),
                    "each result is valid against US Core Simple Observation: " + valid.getMessages());
        }
        Map<String, String> codes = written.stream().collect(Collectors.toMap(o -> o.getCode().getCodingFirstRep().getCode(),
                o -> o.getValueQuantity().getValue().toPlainString()));
        assertEquals(Map.of("tug", "9.5", "bwt3m", "3.8", "72514-3", "3"), codes);
    }

    @Test
    void aStandaloneLaunchOnAnOpenFhirServerAsksForThePatientAndShowsTheDecision() {
        browser.manage().deleteAllCookies();
        browser.get(launch + "?iss=" + AppServers.openBase());
        assertEquals("Choose the patient", browser.findElement(By.tagName("h1")).getText());
        assertAccessible("patient choice");
        type("patient", AppLaunchTest.example("advise-against-two-falls").id());
        navigate(By.cssSelector("button[type=submit]"));
        assertTrue(browser.getCurrentUrl().endsWith("/app/decision"), browser.getCurrentUrl());
        assertEquals("Not advised now", browser.findElement(By.className("outcome")).getText());
        assertTrue(AppServers.open.authorizations().stream().allMatch(String::isEmpty), "an open server gets no token");
    }

    /**
     * Records nobody here wrote: each Synthea patient opened in the app (standalone, on the open server) shows the
     * decision the service makes for that record, with its facts; the page passes axe-core.
     */
    @Test
    void syntheaPatientsShowTheServicesDecision() {
        for (TestPatients.TestPatient patient : TestPatients.synthea()) {
            browser.manage().deleteAllCookies();
            browser.get(launch + "?iss=" + AppServers.openBase() + "&patient=" + patient.id());
            String expected = evaluator.evaluate(patient.id(), AppServers.openBase(), null).decision().outcome().name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            WebElement decision = browser.findElement(By.cssSelector("section.decision"));
            assertTrue(decision.getAttribute("class").contains(expected), patient + ": " + decision.getAttribute("class") + " vs " + expected);
            assertTrue(browser.findElements(By.cssSelector("table tbody tr")).size() >= 10, patient + ": the facts table");
        }
        Browser.screenshot(browser, "app-decision-synthea");
        assertAccessible("decision of a Synthea patient");
    }

    private List<ServiceRequest> savedOrders(String patientId) {
        return client().search().forResource(ServiceRequest.class).where(ServiceRequest.PATIENT.hasId(patientId)).returnBundle(Bundle.class)
                .execute().getEntry().stream().map(e -> (ServiceRequest) e.getResource())
                .filter(o -> o.getIdElement().getIdPart().startsWith("created-")).toList();
    }

    private IGenericClient client() {
        IGenericClient client = fhirContext.newRestfulGenericClient(AppServers.fhirBase());
        client.registerInterceptor(new BearerTokenAuthInterceptor(FhirTestServer.GOOD_TOKEN));
        return client;
    }

    /** Clicks a link or a submit button and waits for the next page: a click returns before a slow answer has replaced the page. */
    private static void navigate(By target) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(target).click();
        Browser.waitUntil(browser, Duration.ofSeconds(20), b -> Browser.isGone(page));
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        Browser.waitUntil(browser, Duration.ofSeconds(10), b -> condition.getAsBoolean());
    }

    private static void assertAccessible(String page) {
        List<String> serious = Browser.seriousAccessibilityViolations(browser);
        assertTrue(serious.isEmpty(), "axe-core finds no serious violation on the " + page + " page: " + serious);
    }
}
