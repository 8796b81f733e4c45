package org.retrowalk.cds.governance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.retrowalk.cds.TestPorts;
import org.retrowalk.cds.app.Browser;

/**
 * Signing in to the governance dashboard with OpenID Connect, client authentication on, against a test identity
 * provider (TestOidcProvider: none can run here): the whole code flow in Chromium; the session cookie's flags; the
 * CSV behind the session; sign-out with its form token. Refused: no session (to sign-in; CSV 401), an answer not
 * started in this browser, an ID token signed with a key the provider does not publish, a user without the
 * governance role, a sign-out without the form token.
 */
@QuarkusTest
@TestProfile(GovernanceLoginTest.LoginOn.class)
class GovernanceLoginTest {

    static final String CLIENT = "retrowalk-governance";

    public static class LoginOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String idp = "http://127.0.0.1:" + port();
            return Map.of(
                    "retrowalk.auth.enabled", "true",
                    "retrowalk.auth.issuers.idp.iss", idp,
                    "retrowalk.auth.issuers.idp.role", "governance",
                    "retrowalk.auth.issuers.idp.audience", CLIENT,
                    "retrowalk.auth.issuers.idp.jwks-url", idp + "/jwks",
                    "retrowalk.auth.jwks-url-allow-list", idp + "/",
                    "retrowalk.dashboard.role", "governance");
        }
    }

    static int port() {
        String key = "retrowalk-test.governance.idp-port";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(TestPorts.free()));
        }
        return Integer.parseInt(System.getProperty(key));
    }

    static TestOidcProvider idp;
    static ChromeDriver browser;

    @TestHTTPResource("/dashboard")
    URL dashboard;

    @BeforeAll
    static void start() throws Exception {
        idp = new TestOidcProvider(port(), CLIENT);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        idp.stop();
    }

    @BeforeEach
    void signedOut() {
        idp.signInAs(new TestOidcProvider.User("u-1", "Grace Governance", List.of("governance")));
        browser.manage().deleteAllCookies();
    }

    private String local() {
        // Chromium keeps Secure cookies from http only for localhost, as browsers treat it as a secure context.
        return dashboard.toString().replace("127.0.0.1", "localhost");
    }

    @Test
    void aGovernanceUserSignsInSeesThePeriodDownloadsTheCsvAndSignsOut() {
        given().redirects().follow(false).get(dashboard.toString()).then().statusCode(303).header("Location", endsWith("/dashboard/login"));
        given().get(dashboard + "/csv/rules").then().statusCode(401);

        browser.get(local());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> !b.findElements(By.id("user")).isEmpty());
        assertEquals("Grace Governance", browser.findElement(By.id("user")).getText());
        assertTrue(browser.findElements(By.cssSelector(".warning")).isEmpty(), "no 'authentication is off' warning");
        Browser.screenshot(browser, "governance-dashboard-signed-in");

        Cookie session = browser.manage().getCookieNamed(DashboardResource.COOKIE);
        assertNotNull(session);
        assertTrue(session.isHttpOnly() && session.isSecure(), "HttpOnly and Secure");
        assertEquals("Lax", session.getSameSite());
        assertEquals("/dashboard", session.getPath());
        assertNull(browser.manage().getCookieNamed(DashboardResource.LOGIN_COOKIE), "the sign-in's state cookie is gone");

        Object csv = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(document.getElementById('csv-rules').href).then(r => r.text().then(t => done(r.status + '\\n' + t)));");
        assertTrue(String.valueOf(csv).startsWith("200\nRule,Title,Cards shown,Accepted,Overridden,Override reasons"), String.valueOf(csv));
        given().cookie(DashboardResource.COOKIE, session.getValue()).get(dashboard + "/csv/rules").then().statusCode(200);

        // sign out: without the form token refused, with it done, and the session is gone
        given().cookie(DashboardResource.COOKIE, session.getValue()).contentType("application/x-www-form-urlencoded")
                .formParam("formToken", "forged").post(dashboard + "/logout").then().statusCode(403);
        browser.findElement(By.cssSelector("form.account button")).click();
        Browser.waitUntil(browser, Duration.ofSeconds(10), b -> b.findElement(By.tagName("h1")).getText().equals("Signed out"));
        given().redirects().follow(false).cookie(DashboardResource.COOKIE, session.getValue()).get(dashboard.toString()).then().statusCode(303);
    }

    @Test
    void anIdTokenSignedWithAnotherKeyOpensNoSession() {
        idp.forgeNextToken();
        browser.get(local());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> !b.findElements(By.id("message")).isEmpty());
        assertEquals("The identity provider's ID token could not be verified.", browser.findElement(By.id("message")).getText());
        assertNull(browser.manage().getCookieNamed(DashboardResource.COOKIE));
    }

    @Test
    void aUserWithoutTheGovernanceRoleIsRefused() {
        idp.signInAs(new TestOidcProvider.User("u-2", "Pat Porter", List.of("staff")));
        browser.get(local());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> !b.findElements(By.id("message")).isEmpty());
        assertTrue(browser.findElement(By.id("message")).getText().contains("without the governance role"));
        assertNull(browser.manage().getCookieNamed(DashboardResource.COOKIE));
    }

    @Test
    void anAnswerNotStartedInThisBrowserIsRefused() {
        // Someone's own authorization code, pasted into another browser's callback: no state cookie, no session.
        given().redirects().follow(false).get(dashboard.toString() + "/login").then().statusCode(303)
                .header("Location", containsString(idp.issuer() + "/authorize"));
        given().queryParam("state", "s").queryParam("code", "c").get(dashboard + "/callback").then().statusCode(400)
                .body(containsString("does not belong to a sign-in started in this browser"));
        given().cookie(DashboardResource.LOGIN_COOKIE, "s").queryParam("state", "s").queryParam("code", "c").get(dashboard + "/callback")
                .then().statusCode(403).body(containsString("not started here"));
    }
}
