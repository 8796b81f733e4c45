package org.retrowalk.cds.governance;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.retrowalk.cds.app.Browser;
import org.retrowalk.cds.audit.AuditTrail;
import org.retrowalk.cds.audit.CallRecord;
import org.retrowalk.cds.audit.Database;
import org.retrowalk.cds.audit.KnownAuditTrail;

/**
 * The governance dashboard in Chromium over an audit trail whose figures are known (the report test's, made through
 * the service's API, plus one answer on an incomplete record written through the audit trail): the summary, each
 * chart drawn by Chart.js, each table with the known numbers, each CSV the same as its table, no serious
 * accessibility violation. Client authentication is off in this profile, so the dashboard is open, saying so;
 * signing in is GovernanceLoginTest's.
 */
@QuarkusTest
class GovernanceDashboardTest {

    static ChromeDriver browser;

    @Inject
    Database database;
    @Inject
    AuditTrail trail;

    @TestHTTPResource("/dashboard")
    URL dashboard;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void knownTrail() throws SQLException {
        KnownAuditTrail.empty(database, trail);
        KnownAuditTrail.seed();
        trail.record(new CallRecord(UUID.randomUUID(), Instant.now(), "backward-walking-patient-view", "patient-view", UUID.randomUUID().toString(),
                null, null, "1.0.0", 200, "ADVISE_AGAINST", List.of("R10"), false, List.of("conditions", "observations"), 123_456,
                List.of(), List.of()));
        assertTrue(trail.flush(Duration.ofSeconds(10)));
    }

    @Test
    void theDashboardShowsThePeriodsKnownFiguresAsChartsTablesAndCsv() throws SQLException {
        browser.get(dashboard.toString().replace("127.0.0.1", "localhost"));
        Browser.waitUntil(browser, Duration.ofSeconds(20), b -> b.findElement(By.tagName("body")).getAttribute("data-charts-drawn") != null);
        Browser.screenshot(browser, "governance-dashboard");

        assertTrue(browser.findElement(By.cssSelector(".warning")).getText().contains("authentication is off"));
        assertEquals("9", text("summary-calls"));
        assertEquals("6", text("summary-cards"));
        assertEquals("2", text("summary-accepted"));
        assertEquals("3", text("summary-overridden"), "MODIFY 2 and ADVISE_AGAINST 1");
        long decided = count("SELECT COUNT(*) FROM audit_call WHERE data_complete IS NOT NULL");
        assertEquals("1 of " + decided + " (" + DashboardPage.percent(1, decided) + ")", text("summary-incomplete"));

        // every section with figures has a chart that Chart.js drew
        List<WebElement> canvases = browser.findElements(By.cssSelector("canvas[data-chart]"));
        assertEquals(6, canvases.size(), "calls, cards, rules, incomplete, unknown codes, latency: "
                + canvases.stream().map(c -> c.getAttribute("id")).toList());
        assertEquals("6", browser.findElement(By.tagName("body")).getAttribute("data-charts-drawn"));
        for (WebElement canvas : canvases) {
            Object drawn = browser.executeScript("var c = Chart.getChart(arguments[0]); return c ? c.data.datasets.length : 0;", canvas);
            assertTrue(((Number) drawn).intValue() > 0, canvas.getAttribute("id") + " is drawn");
            assertTrue(canvas.getSize().getHeight() > 100 && canvas.getSize().getWidth() > 300, canvas.getAttribute("id") + " has a size");
        }

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<List<String>> cards = table("cards");
        assertEquals(List.of("Day", "Recommend backward walking", "Recommend with safety measures", "Advise against backward walking", "Total"), cards.get(0));
        assertEquals(List.of(today, "1", "3", "2", "6"), cards.get(1));
        List<List<String>> calls = table("calls");
        assertEquals(List.of(today, "1", "3", "3", "1", "1", "9"), calls.get(1), "RECOMMEND, MODIFY, ADVISE_AGAINST, NO_CARD, no decision: " + calls.get(0));

        List<String> r41 = row(table("rules"), "R41");
        assertEquals(List.of("3", "2", "2"), r41.subList(2, 5), "shown, accepted, overridden");
        assertTrue(r41.get(5).contains("no reason given: 1") && r41.get(5).contains("supervised setting: 1"), r41.get(5));
        assertEquals(List.of("1"), row(table("rules"), "R50").subList(2, 3));

        List<List<String>> incomplete = table("incomplete");
        assertEquals(List.of("conditions (falls, fractures, diagnoses)", "1"), incomplete.get(1));
        assertEquals(List.of("observations (falls screens, balance tests, pain)", "1"), incomplete.get(2));

        assertEquals(List.of("Condition", "http://hospital.example/local-diagnoses", "2", "1"), table("unknown-codes").get(1));

        List<String> latency = row(table("latency"), "backward-walking-patient-view");
        assertEquals("9", latency.get(1));
        double p50 = Double.parseDouble(latency.get(2));
        double p95 = Double.parseDouble(latency.get(3));
        double p99 = Double.parseDouble(latency.get(4));
        double max = Double.parseDouble(latency.get(5));
        assertTrue(p50 <= p95 && p95 <= p99 && p99 <= max, latency.toString());
        assertEquals(count("SELECT MAX(latency_micros) FROM audit_call") / 1000.0, max, 0.06, "the slowest call, in ms");

        // each CSV is its table
        for (String section : List.of("calls", "cards", "rules", "incomplete", "unknown-codes", "latency")) {
            String href = browser.findElement(By.id("csv-" + section)).getAttribute("href");
            String csv = given().get(href.replace("localhost", "127.0.0.1")).then().statusCode(200).extract().asString();
            StringBuilder expected = new StringBuilder();
            for (List<String> row : table(section)) {
                expected.append(String.join(",", row.stream().map(GovernanceDashboardTest::csvCell).toList())).append("\r\n");
            }
            assertEquals(expected.toString(), csv, section);
        }

        List<String> violations = Browser.seriousAccessibilityViolations(browser);
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void aPeriodWithoutCallsSaysSoAndABadPeriodIs400() {
        LocalDate lastYear = LocalDate.now(ZoneOffset.UTC).minusYears(1);
        browser.get(dashboard.toString().replace("127.0.0.1", "localhost") + "?from=" + lastYear.minusDays(6) + "&to=" + lastYear);
        assertEquals("0", text("summary-calls"));
        assertTrue(browser.findElements(By.cssSelector("canvas[data-chart]")).isEmpty());
        assertTrue(browser.findElement(By.id("section-rules")).getText().contains("No cards in this period."));
        given().queryParam("from", "yesterday").get(dashboard.toString()).then().statusCode(400);
        given().queryParam("from", "2026-02-01").queryParam("to", "2026-01-01").get(dashboard.toString() + "/csv/rules").then().statusCode(400);
        given().get(dashboard.toString() + "/csv/nothing").then().statusCode(404);
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private List<List<String>> table(String section) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement tr : browser.findElements(By.cssSelector("#table-" + section + " tr"))) {
            rows.add(tr.findElements(By.cssSelector("th, td")).stream().map(cell -> cell.getText().trim()).toList());
        }
        assertTrue(rows.size() > 1, section + " has rows");
        return rows;
    }

    private static List<String> row(List<List<String>> table, String first) {
        return table.stream().filter(r -> r.get(0).equals(first)).findFirst().orElseThrow(() -> new AssertionError("no row " + first + " in " + table));
    }

    private static String csvCell(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
