package io.intakeedge.agent.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page in a real browser (headless Debian Chromium through chromedriver) against a real agent on the live
 * synthetic scene: loads without console errors, counters move, a click opens the trace with its evidence image, and
 * the page says so when the agent goes away. Also: the live view's image changes, the trace shows the rule-by-rule
 * re-derivation, and a camera whose frames stop raises the fault banner. Leaves screenshots in
 * {@code target/status-page.png} and {@code target/status-page-camera-fault.png}.
 */
class StatusPageBrowserTest {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void pageGoesLiveAndOpensADecisionsTrace() throws Exception {
        assumeTrue(CHROMIUM.canExecute() && DRIVER.canExecute(), "headless Chromium is not installed: "
                + "apt-get install -y chromium chromium-driver (.ci/run installs them)");
        LiveAgent live = new LiveAgent(dir, LiveAgent.BUNDLE);
        WebDriver browser = chromium();
        try {
            browser.get(live.url("/"));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            wait.until(b -> text(b, "conn").equals("live") && number(b, "decisions") > 0);
            long first = number(browser, "decisions");
            wait.until(b -> number(b, "decisions") > first);
            assertThat(text(browser, "camera")).startsWith("ok");
            // the live view shows encoded frames and moves on
            wait.until(b -> seq(b) > 0 && naturalWidth(b, "live") > 0);
            long liveSeq = seq(browser);
            wait.until(b -> seq(b) > liveSeq);
            assertThat(text(browser, "live-meta")).startsWith("frame ").contains("gate ");
            assertThat(browser.findElements(By.cssSelector("#latency-legend span"))).isNotEmpty();
            assertThat(text(browser, "control-state")).contains("read-only");
            assertThat(text(browser, "station")).isEqualTo("dock-1 / dev-1");
            // the banner shows exactly the agent's problems (in this test JVM: -Xmx over the profile's limit)
            var problems = live.json("/api/status").get("problems");
            WebElement fault = browser.findElement(By.id("fault"));
            assertThat(fault.isDisplayed()).isEqualTo(!problems.isEmpty());
            problems.forEach(p -> assertThat(fault.getText()).contains(p.asText()));

            wait.until(b -> !b.findElements(By.cssSelector("#recent tr[data-evidence='true']")).isEmpty());
            String traceId = clickDecisionWithEvidence(browser);
            wait.until(b -> b.findElement(By.id("trace-panel")).isDisplayed()
                    && text(b, "trace-id").equals(traceId));
            assertThat(browser.findElement(By.id("trace-fields")).getText()).contains("route", "reason", traceId);
            wait.until(b -> naturalWidth(b, "evidence") > 0);
            // the rule-by-rule re-derivation of the route is on the page, and agrees with the stored route
            wait.until(b -> !b.findElements(By.cssSelector("#explain tbody tr")).isEmpty());
            assertThat(text(browser, "explain-verdict")).startsWith("matches the stored route");
            assertThat(browser.findElement(By.id("explain")).getText()).contains("pass");
            screenshot(browser, Path.of("target", "status-page.png"));

            assertThat(severe(browser)).as("console errors").isEmpty();

            live.close(); // the agent goes away: the page must say so and keep what it showed
            wait.until(b -> b.findElement(By.id("offline")).isDisplayed());
            assertThat(text(browser, "conn")).isEqualTo("disconnected");
            assertThat(number(browser, "decisions")).isGreaterThan(first);

            // a camera whose frames stop (50 frames, then nothing): the fault banner names it
            try (LiveAgent stalling = new LiveAgent(dir.resolve("stalling"), LiveAgent.BUNDLE, "synthetic-live", 50)) {
                browser.get(stalling.url("/"));
                WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(40));
                slow.until(b -> b.findElement(By.id("fault")).isDisplayed()
                        && b.findElement(By.id("fault")).getText().contains("camera stalled"));
                assertThat(text(browser, "camera")).startsWith("stalled");
                screenshot(browser, Path.of("target", "status-page-camera-fault.png"));
                // the first agent's page logged its broken stream and reconnect attempts while it went away
                String gone = live.url("/");
                assertThat(severe(browser).stream().filter(e -> !e.getMessage().contains(gone)))
                        .as("console errors").isEmpty();
            }
        } finally {
            browser.quit();
            live.close();
        }
    }

    private static long seq(WebDriver b) {
        String v = b.findElement(By.id("live")).getAttribute("data-seq");
        return v == null || !v.matches("\\d+") ? -1 : Long.parseLong(v);
    }

    private static int naturalWidth(WebDriver b, String id) {
        return ((Number) ((org.openqa.selenium.JavascriptExecutor) b).executeScript(
                "return document.getElementById(arguments[0]).naturalWidth", id)).intValue();
    }

    /**
     * Clicks a recent decision that kept evidence; retried when a new decision re-rendered the list meanwhile. On a
     * busy machine the list may change between every two WebDriver calls; then the row is clicked from inside the
     * page, which finds and clicks it in one step.
     */
    private static String clickDecisionWithEvidence(WebDriver browser) {
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                WebElement row = browser.findElement(By.cssSelector("#recent tr[data-evidence='true']"));
                String traceId = row.getAttribute("data-trace-id");
                row.click();
                return traceId;
            } catch (StaleElementReferenceException e) {
                // re-rendered under us: try again
            }
        }
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const r = document.querySelector(\"#recent tr[data-evidence='true']\"); r.click();"
                        + " return r.dataset.traceId;");
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,1400", "--user-data-dir=" + dir.resolve("chromium-profile"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static List<LogEntry> severe(WebDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private static String text(WebDriver b, String id) {
        return b.findElement(By.id(id)).getText().trim();
    }

    private static long number(WebDriver b, String id) {
        String t = text(b, id);
        return t.matches("\\d+") ? Long.parseLong(t) : -1;
    }

    private static void screenshot(WebDriver browser, Path target) throws Exception {
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
