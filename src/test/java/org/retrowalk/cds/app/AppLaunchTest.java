package org.retrowalk.cds.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.fhir.server.FhirTestServer;
import org.retrowalk.cds.fhir.server.TestPatients;

/**
 * The physiotherapist's app launched as an EHR launches it, in a real browser: SMART App Launch with PKCE against
 * the test SMART authorization server (see TestSmartServer for why it is in test code), the record read from the
 * test FHIR server with the token it issued (the server refuses any other), and the decision shown.
 */
@QuarkusTest
@TestProfile(AppLaunchTest.AppOn.class)
class AppLaunchTest {

    /** Ports chosen before Quarkus starts, so that its configuration can name the servers the tests then start. */
    public static class AppOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The management port is fixed with the HTTP port: a fixed HTTP port beside a random management port makes
            // Micrometer refuse the second server's meters, and start-up hangs.
            return Map.of("retrowalk.app.ehrs.test-ehr.iss", fhirBase(), "retrowalk.app.ehrs.test-ehr.client-id", "retrowalk-app",
                    "retrowalk.app.open-fhir-servers", AppServers.openBase(),
                    "quarkus.http.test-port", Integer.toString(AppServers.port("app")),
                    "quarkus.management.test-port", Integer.toString(AppServers.port("management")),
                    "retrowalk.app.url", appUrl());
        }
    }

    static String fhirBase() {
        return AppServers.fhirBase();
    }

    static String appUrl() {
        return AppServers.appUrl();
    }

    static FhirTestServer fhir;
    static TestSmartServer smart;
    static ChromeDriver browser;

    @TestHTTPResource("/app/launch")
    URL launch;

    @BeforeAll
    static void start() throws Exception {
        AppServers.start();
        fhir = AppServers.fhir;
        smart = AppServers.smart;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    static ChromeDriver browser() {
        if (browser == null) {
            browser = Browser.start();
        }
        return browser;
    }

    static TestPatients.TestPatient example(String name) {
        return TestPatients.examples().stream().filter(p -> p.name().startsWith(name)).findFirst().orElseThrow();
    }

    private void openFromTheChart(TestPatients.TestPatient patient) {
        browser().manage().deleteAllCookies();
        browser().get(launch + "?iss=" + fhirBase() + "&launch=" + smart.launchFor(patient.id()));
    }

    @Test
    void anEhrLaunchWithPkceShowsTheDecisionForAModifyPatient() {
        openFromTheChart(example("modify-one-fall-impaired-tug"));
        ChromeDriver page = browser();
        assertTrue(page.getCurrentUrl().endsWith("/app/decision"), page.getCurrentUrl());
        assertEquals("Backward walking: the decision", page.findElement(By.tagName("h1")).getText());
        assertEquals("Only with safety measures", page.findElement(By.className("outcome")).getText());
        String text = page.findElement(By.tagName("main")).getText();
        assertTrue(text.contains("Required safety measures"), text);
        assertTrue(text.contains("One non-injurious fall, fear of falling or feeling unsteady"), text);
        assertTrue(text.contains("Timed Up and Go"), "the facts table shows the TUG: " + text);
        assertFalse(text.contains(FhirTestServer.GOOD_TOKEN), "the token is never in a page");
        Browser.screenshot(page, "app-decision-modify");

        TestSmartServer.Authorization asked = smart.authorizations().get(smart.authorizations().size() - 1);
        assertEquals("S256", asked.parameters().get("code_challenge_method"));
        assertEquals(fhirBase(), asked.parameters().get("aud"));
        assertEquals("retrowalk-app", asked.parameters().get("client_id"));
        assertEquals(appUrl() + "/callback", asked.parameters().get("redirect_uri"), "the redirect URI registered with the EHR");
        assertTrue(asked.parameters().get("scope").contains("launch") && asked.parameters().get("scope").contains("patient/*.rs"),
                asked.parameters().get("scope"));
        assertTrue(fhir.authorizations().stream().allMatch(a -> a.equals("Bearer " + FhirTestServer.GOOD_TOKEN)),
                "every read carried the token the EHR issued");
    }

    /** Each patient-view and order card links to the app as a SMART link, which the EHR launches with iss and launch. */
    @Test
    void cardsLinkToTheAppAsASmartLink() {
        String body = org.retrowalk.cds.api.ExampleRequests.fresh("modify-one-fall-impaired-tug.json");
        io.restassured.RestAssured.given().contentType("application/json").body(body)
                .post("/cds-services/backward-walking-patient-view").then().statusCode(200)
                .body("cards[0].links[0].type", org.hamcrest.Matchers.equalTo("smart"))
                .body("cards[0].links[0].url", org.hamcrest.Matchers.equalTo(appUrl() + "/launch"));
        String order = org.retrowalk.cds.api.ExampleRequests.fresh("order-sign-missing-safety-measures.json");
        io.restassured.RestAssured.given().contentType("application/json").body(order)
                .post("/cds-services/backward-walking-order-sign").then().statusCode(200)
                .body("cards[0].links[0].type", org.hamcrest.Matchers.equalTo("smart"))
                .body("cards[0].links[0].url", org.hamcrest.Matchers.equalTo(appUrl() + "/launch"));
    }

    @Test
    void anAdviseAgainstPatientIsShownAsSuch() {
        openFromTheChart(example("advise-against-two-falls"));
        assertEquals("Not advised now", browser().findElement(By.className("outcome")).getText());
        Browser.screenshot(browser(), "app-decision-advise-against");
    }

    @Test
    void aCallbackWithAStateThisAppDidNotIssueIsRefused() throws Exception {
        HttpResponse<String> answer = get(launch.toString().replace("/launch", "/callback?state=forged&code=stolen"));
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("does not belong to a launch of this app"), answer.body());
    }

    @Test
    void withoutASessionTheDecisionAsksToLaunchAgain() throws Exception {
        HttpResponse<String> answer = get(launch.toString().replace("/launch", "/decision"));
        assertEquals(401, answer.statusCode());
        assertTrue(answer.body().contains("launch the app again") || answer.body().contains("Please launch the app again"), answer.body());
    }

    @Test
    void aLaunchFromAnUnregisteredFhirServerIsRefusedAndNothingIsFetched() throws Exception {
        int before = fhir.requests();
        HttpResponse<String> answer = get(launch + "?iss=http://127.0.0.1:" + TestPorts.free() + "/fhir&launch=x");
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("not registered"), answer.body());
        assertEquals(before, fhir.requests());
    }

    /**
     * PKCE stops an authorization code injected into the app's callback: a code obtained with another code challenge
     * (an attacker's, at the real authorization server) cannot be exchanged with the app's verifier.
     */
    @Test
    void anAuthorizationCodeIssuedForAnotherCodeChallengeIsRefused() throws Exception {
        HttpResponse<String> started = get(launch + "?iss=" + fhirBase() + "&launch=" + smart.launchFor(example("recommend-55").id()));
        assertEquals(303, started.statusCode());
        URI authorize = URI.create(started.headers().firstValue("Location").orElseThrow());
        String appState = query(authorize, "state");
        String attackersChallenge = TestSmartServer.s256("an-attackers-own-code-verifier-0123456789abcdefghijklmnop");
        String injected = authorize.toString().replaceAll("code_challenge=[^&]+", "code_challenge=" + attackersChallenge);
        HttpResponse<String> issued = get(injected);
        String code = query(URI.create(issued.headers().firstValue("Location").orElseThrow()), "code");

        HttpResponse<String> answer = get(appUrl() + "/callback?state=" + appState + "&code=" + code);
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("The EHR refused the sign-in (invalid_grant)"), answer.body());
        assertFalse(answer.headers().firstValue("Set-Cookie").isPresent(), "no session");
    }

    /** The session ends with the token the EHR issued: a page after it asks for a new launch and reads nothing. */
    @Test
    void aSessionWhoseTokenExpiredIsRefused() throws Exception {
        smart.nextTokenLifetime(1);
        openFromTheChart(example("recommend-55"));
        assertTrue(browser().getCurrentUrl().endsWith("/app/decision"));
        Thread.sleep(1_500);
        int before = fhir.requests();
        browser().navigate().refresh();
        assertEquals("Please launch the app again", browser().findElement(By.tagName("h1")).getText());
        browser().get(appUrl() + "/prescription");
        assertEquals("Please launch the app again", browser().findElement(By.tagName("h1")).getText());
        assertEquals(before, fhir.requests(), "nothing is read with an expired token");
    }

    /** A token that opens another patient's data: the EHR refuses the reads, and the app shows no decision and writes nothing. */
    @Test
    void aTokenForAnotherPatientShowsNoDecision() {
        FhirTestServer.Fault otherPatient = FhirTestServer.Fault.tokenForPatient(example("advise-against-two-falls").id());
        fhir.fault(otherPatient);
        try {
            openFromTheChart(example("recommend-55"));
            String page = browser().findElement(By.tagName("main")).getText();
            assertEquals("The patient's record could not be read", browser().findElement(By.tagName("h1")).getText(), page);
            assertTrue(page.contains("refused access"), page);
            assertTrue(browser().findElements(By.className("outcome")).isEmpty(), "no decision is shown");
            browser().get(appUrl() + "/prescription");
            assertEquals("The patient's record could not be read", browser().findElement(By.tagName("h1")).getText());
        } finally {
            fhir.clear();
            fhir.fault(FhirTestServer.Fault.requireToken());
        }
    }

    /** A form posted without the session's form token (from another site's page, say) is refused and nothing is written. */
    @Test
    void aFormWithoutTheSessionsFormTokenIsRefused() throws Exception {
        openFromTheChart(example("modify-one-fall-impaired-tug"));
        String cookie = AppResource.COOKIE + "=" + browser().manage().getCookieNamed(AppResource.COOKIE).getValue();
        int before = fhir.requests();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(appUrl() + "/prescription"))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("formToken=guessed&sessions=3&minutes=10&weeks=6")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, answer.statusCode());
        assertEquals(before, fhir.requests(), "nothing read or written");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + uri);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
