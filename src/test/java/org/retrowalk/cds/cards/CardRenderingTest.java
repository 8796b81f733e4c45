package org.retrowalk.cds.cards;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.retrowalk.cds.app.Browser;
import org.retrowalk.cds.api.ExampleRequests;
import org.retrowalk.cds.api.Requests;
import org.retrowalk.cds.decision.ClinicalCases;
import org.retrowalk.cds.decision.Decision;
import org.retrowalk.cds.decision.DecisionEngine;
import org.retrowalk.cds.decision.Outcome;
import org.retrowalk.cds.decision.SafetyModification;
import org.retrowalk.cds.facts.ClinicalFacts;
import org.retrowalk.cds.facts.FactExtractor;
import org.retrowalk.cds.record.RecordQueries;

/**
 * Every card of the clinical case table, the order cases and the examples, rendered as the CDS Hooks sandbox renders
 * a card (summary, source, the detail as GitHub-flavoured Markdown, suggestion buttons, links) in Chromium at the
 * sandbox's real card width of 620 px (its 720 px column less its padding): each stays under 700 px tall, with its
 * decision-support line; no text a clinician reads carries a rule id, an enum name, a
 * citation key or the rule set's hash; every summary is under 140 characters (the contract) and never cut. The app is
 * configured, as in a deployment that has it, so the cards carry its link.
 */
@QuarkusTest
@TestProfile(CardRenderingTest.WithApp.class)
class CardRenderingTest {

    public static class WithApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("retrowalk.app.url", "https://cds.example.org/app");
        }
    }

    static final int WIDTH = 620;
    static final int MAX_HEIGHT = 700;
    static final int MAX_DETAIL = 1500;
    static final int MAX_DETAIL_LINES = 10;

    @Inject
    FactExtractor extractor;
    @Inject
    DecisionEngine engine;
    @Inject
    CardFactory cards;
    @Inject
    ObjectMapper json;
    @Inject
    RecordQueries queries;

    @Test
    void everyCardReadsInTenSeconds() throws Exception {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (ClinicalCases.Case c : ClinicalCases.all()) {
            ClinicalFacts facts = extractor.extract(c.record(), c.evaluationDate());
            Decision decision = engine.decide(facts);
            List<org.retrowalk.cds.cdshooks.Card> built = cards.patientView(decision, facts, null);
            for (int i = 0; i < built.size(); i++) {
                all.put("case " + c.id(), json.valueToTree(built.get(i)));
            }
            // The same record with part of it unreadable: the incomplete record's card, for every case.
            if (decision.outcome() != Outcome.NO_CARD) {
                Decision incomplete = decision.incomplete(Map.of("observations", "did not answer in time", "devices", "refused access to it"));
                all.put("case " + c.id() + ", incomplete", json.valueToTree(cards.patientView(incomplete, facts, null).get(0)));
            }
        }
        JsonNode table = json.readTree(Path.of("rules", "order-cases", "order-checks.json").toFile());
        for (JsonNode c : table.get("cases")) {
            String body = given().contentType(ContentType.JSON).body(Requests.orderCase(queries, table, c).toString())
                    .post("/cds-services/backward-walking-" + c.get("hook").asText()).then().statusCode(200).extract().asString();
            JsonNode answered = json.readTree(body).get("cards");
            for (int i = 0; i < answered.size(); i++) {
                all.put("order case " + c.get("id").asText() + " #" + i, answered.get(i));
            }
        }
        for (String example : List.of("recommend-55-year-old.json", "modify-one-fall-impaired-tug.json", "advise-against-two-falls.json",
                "assess-first-no-falls-screen.json", "synthea-millard-walker.json", "order-sign-missing-safety-measures.json")) {
            String service = example.startsWith("order-sign") ? "backward-walking-order-sign" : "backward-walking-patient-view";
            JsonNode answered = json.readTree(given().contentType(ContentType.JSON).body(ExampleRequests.fresh(example))
                    .post("/cds-services/" + service).then().statusCode(200).extract().asString()).get("cards");
            for (int i = 0; i < answered.size(); i++) {
                all.put("example " + example + " #" + i, answered.get(i));
            }
        }
        assertTrue(all.size() > 150, "every case's card: " + all.size());

        List<String> problems = new ArrayList<>();
        all.forEach((name, card) -> problems.addAll(textProblems(name, card)));
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));

        Path page = page(all);
        ChromeDriver browser = Browser.start();
        try {
            browser.manage().window().setSize(new Dimension(WIDTH + 40, 1000));
            browser.get(page.toUri().toString());
            Object width = browser.executeScript("return document.querySelector('.card').getBoundingClientRect().width;");
            assertEquals(WIDTH, ((Number) width).intValue(), "cards are laid out at the sandbox's width");
            List<String> tall = new ArrayList<>();
            int tallest = 0;
            String tallestName = "";
            for (WebElement card : browser.findElements(By.className("card"))) {
                int height = ((Number) browser.executeScript("return arguments[0].getBoundingClientRect().height;", card)).intValue();
                if (height > tallest) {
                    tallest = height;
                    tallestName = card.getAttribute("data-name");
                }
                if (height >= MAX_HEIGHT) {
                    tall.add(card.getAttribute("data-name") + ": " + height + " px");
                }
            }
            assertTrue(tall.isEmpty(), "cards taller than " + MAX_HEIGHT + " px at " + WIDTH + " px: " + tall);
            System.out.printf("CardRenderingTest: %d cards, the tallest %d px (%s)%n", all.size(), tallest, tallestName);
            screenshot(browser, "example modify-one-fall-impaired-tug.json #0", "card-modify");
            screenshot(browser, "example advise-against-two-falls.json #0", "card-advise-against");
            screenshot(browser, "example order-sign-missing-safety-measures.json #0", "card-order-sign");
        } finally {
            browser.quit();
        }
    }

    /** The summary's length and ellipsis; internal names in any text a clinician reads; the detail's size. */
    static List<String> textProblems(String name, JsonNode card) {
        List<String> problems = new ArrayList<>();
        String summary = card.get("summary").asText();
        if (summary.length() >= 140) {
            problems.add(name + ": summary of " + summary.length() + " characters: " + summary);
        }
        if (summary.contains("…") || summary.contains("...")) {
            problems.add(name + ": summary cut: " + summary);
        }
        String detail = card.path("detail").asText();
        if (detail.length() >= MAX_DETAIL) {
            problems.add(name + ": detail of " + detail.length() + " characters");
        }
        if (!detail.contains("Decision support, not a substitute for clinical judgement.")) {
            problems.add(name + ": no decision-support line");
        }
        long lines = detail.lines().filter(l -> !l.isBlank()).count();
        if (lines > MAX_DETAIL_LINES) {
            problems.add(name + ": detail of " + lines + " lines");
        }
        for (String text : clinicianTexts(card)) {
            for (Pattern internal : INTERNAL) {
                if (internal.matcher(text).find()) {
                    problems.add(name + ": \"" + internal.pattern() + "\" in: " + text);
                }
            }
        }
        return problems;
    }

    /** Rule ids, enum names, citation keys and the rule set's version hash. */
    static final List<Pattern> INTERNAL = internalPatterns();

    private static List<Pattern> internalPatterns() {
        List<Pattern> patterns = new ArrayList<>();
        patterns.add(Pattern.compile("\\bR[0-9]{2}\\b"));
        patterns.add(Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b"));
        patterns.add(Pattern.compile("\\+[0-9a-f]{8}\\b"));
        Stream.concat(Stream.of(SafetyModification.values()).map(Enum::name), Stream.of(Outcome.values()).map(Enum::name))
                .forEach(n -> patterns.add(Pattern.compile("\\b" + n + "\\b")));
        try {
            JsonNode evidence = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Path.of("rules", "evidence.yaml").toFile());
            // Keys with a year or number (LIN2025, NICE226); STEADI is also the name clinicians know the CDC's falls screen by.
            evidence.fieldNames().forEachRemaining(key -> {
                if (key.matches(".*[0-9].*")) {
                    patterns.add(Pattern.compile("\\b" + key + "\\b"));
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return patterns;
    }

    /** What the sandbox shows of a card: summary, detail, source label, suggestion and action labels, links, override reasons. */
    static List<String> clinicianTexts(JsonNode card) {
        List<String> texts = new ArrayList<>();
        texts.add(card.get("summary").asText());
        texts.add(card.path("detail").asText());
        texts.add(card.path("source").path("label").asText());
        card.path("suggestions").forEach(s -> {
            texts.add(s.path("label").asText());
            s.path("actions").forEach(a -> texts.add(a.path("description").asText()));
        });
        card.path("links").forEach(l -> texts.add(l.path("label").asText()));
        card.path("overrideReasons").forEach(r -> texts.add(r.path("display").asText()));
        return texts;
    }

    private static Path page(Map<String, JsonNode> all) throws IOException {
        Parser markdown = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        HtmlRenderer html = HtmlRenderer.builder().extensions(List.of(TablesExtension.create())).escapeHtml(true).build();
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Cards</title><style>
                body { margin: 0; padding: 20px; font: 14px/1.43 "Helvetica Neue", Helvetica, Arial, sans-serif; color: #333; }
                .card { width: 620px; box-sizing: border-box; border: 1px solid #ddd; border-left: 6px solid #4a90e2; border-radius: 4px;
                        padding: 10px 15px; margin-bottom: 20px; background: #fff; }
                .card.warning { border-left-color: #f5a623; } .card.critical { border-left-color: #d0021b; }
                .summary { font-size: 16px; font-weight: bold; margin: 0 0 6px; } .source { color: #777; font-size: 12px; margin-bottom: 8px; }
                .detail p { margin: 0 0 8px; } .detail table { border-collapse: collapse; } .detail td, .detail th { border: 1px solid #ddd; padding: 2px 6px; }
                button { display: inline-block; margin: 4px 6px 4px 0; padding: 6px 12px; font: inherit; border: 1px solid #4a90e2;
                         background: #fff; color: #4a90e2; border-radius: 3px; }
                .links a { display: inline-block; margin: 4px 12px 0 0; } select { margin-top: 6px; font: inherit; }
                </style></head><body>
                """);
        all.forEach((name, card) -> {
            page.append("<div class=\"card ").append(card.get("indicator").asText()).append("\" data-name=\"").append(escape(name)).append("\">")
                    .append("<p class=\"summary\">").append(escape(card.get("summary").asText())).append("</p>")
                    .append("<div class=\"source\">Source: ").append(escape(card.path("source").path("label").asText())).append("</div>")
                    .append("<div class=\"detail\">").append(html.render(markdown.parse(card.path("detail").asText()))).append("</div>");
            card.path("suggestions").forEach(s -> page.append("<button>").append(escape(s.path("label").asText())).append("</button>"));
            page.append("<div class=\"links\">");
            card.path("links").forEach(l -> page.append("<a href=\"#\">").append(escape(l.path("label").asText())).append("</a>"));
            page.append("</div>");
            if (card.path("overrideReasons").size() > 0) {
                page.append("<select><option>Dismiss: choose a reason</option>");
                card.path("overrideReasons").forEach(r -> page.append("<option>").append(escape(r.path("display").asText())).append("</option>"));
                page.append("</select>");
            }
            page.append("</div>\n");
        });
        page.append("</body></html>");
        Path file = Path.of("target", "cards", "cards.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, page);
        return file.toAbsolutePath();
    }

    private static void screenshot(ChromeDriver browser, String name, String file) throws IOException {
        WebElement card = browser.findElement(By.cssSelector("[data-name=\"" + name + "\"]"));
        browser.executeScript("arguments[0].scrollIntoView();", card);
        Files.createDirectories(Browser.SCREENSHOTS);
        Files.write(Browser.SCREENSHOTS.resolve(file + ".png"), card.getScreenshotAs(OutputType.BYTES));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
