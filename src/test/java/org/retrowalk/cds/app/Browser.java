package org.retrowalk.cds.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by its chromedriver through Selenium. Without a browser on the machine the
 * browser tests are skipped, saying so, unless RETROWALK_TEST_BROWSER_REQUIRED is set (.ci/run sets it, and
 * installs the browser).
 */
public final class Browser {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    public static ChromeDriver start() {
        Path chromium = Path.of(System.getenv().getOrDefault("RETROWALK_TEST_CHROMIUM", "/usr/bin/chromium"));
        Path driver = Path.of(System.getenv().getOrDefault("RETROWALK_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(driver);
        if (!present && "true".equals(System.getenv("RETROWALK_TEST_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("Chromium and chromedriver are required (" + chromium + ", " + driver + "); .ci/with-chromium installs them");
        }
        Assumptions.assumeTrue(present, "skipped: no Chromium and chromedriver on this machine (.ci/with-chromium installs them)");
        try {
            Path profile = Files.createTempDirectory("retrowalk-chromium");
            ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                    // The flags a closed network needs: without them Chromium keeps reaching for Google's services.
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--window-size=1024,1400", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
            ChromeDriver browser = new ChromeDriver(service, options);
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page printed to PDF as Chromium prints it (print CSS applied) on A4 or Letter, saved in target/screenshots. */
    public static byte[] printToPdf(ChromeDriver browser, String name, org.openqa.selenium.print.PageSize size) {
        org.openqa.selenium.print.PrintOptions options = new org.openqa.selenium.print.PrintOptions();
        options.setPageSize(size);
        options.setBackground(true);
        byte[] pdf = java.util.Base64.getDecoder().decode(browser.print(options).getContent());
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".pdf"), pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pdf;
    }

    /** The pages of a PDF: its page objects (Chromium writes them uncompressed, one "/Type /Page" dictionary each). */
    public static int pages(byte[] pdf) {
        java.util.regex.Matcher page = java.util.regex.Pattern.compile("/Type\\s*/Page(?![a-zA-Z])")
                .matcher(new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1));
        int count = 0;
        while (page.find()) {
            count++;
        }
        return count;
    }

    /**
     * axe-core's WCAG 2.1 A and AA rules on the page as it is: the violations whose impact is serious or critical, as
     * "rule: nodes" lines (empty when there are none).
     */
    public static java.util.List<String> seriousAccessibilityViolations(ChromeDriver browser) {
        com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
                .withTags(java.util.List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        return results.getViolations().stream().filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
    }

    /** A PNG of the page as it is, in target/screenshots, for people to look at. */
    public static Path screenshot(ChromeDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the condition holds. A page that is still loading or redrawing replaces the elements a condition
     * reads, so a stale element counts as "not yet", as a missing one does, instead of failing the wait.
     */
    public static void waitUntil(ChromeDriver browser, Duration timeout, java.util.function.Predicate<ChromeDriver> condition) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, timeout)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.test(browser));
    }

    /**
     * Whether an element's page has been replaced: the element is stale, or chromedriver, asked while the page changes,
     * answers that its node "does not belong to the document" (an unknown error, not a stale element, which
     * ExpectedConditions.stalenessOf does not take for staleness: a clean-clone run failed on it).
     */
    public static boolean isGone(org.openqa.selenium.WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
