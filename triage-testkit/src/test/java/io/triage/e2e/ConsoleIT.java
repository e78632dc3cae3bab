package io.triage.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A person's view, in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver, against the gateway beside a running job. The reviewer signs in with her token and labels items
 * by clicking the class's button and by pressing its key; every label must arrive in the job's committed audit
 * trail as hers. A screenshot of the console goes to triage-testkit/target/console.png.
 * {@code .ci/run} installs chromium and chromium-driver; set TRIAGE_SKIP_BROWSER=1 where they cannot be.
 */
class ConsoleIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int LABELS = 50;

    private static ChromeDriver browser(Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // no first-run work and no calls home: this machine's network is closed
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    @Test
    void aReviewerLabelsByClickAndByKeyAndTheJobLearnsHerLabels(@TempDir Path dir) throws Exception {
        assumeFalse("1".equals(System.getenv("TRIAGE_SKIP_BROWSER")), "TRIAGE_SKIP_BROWSER=1");
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver), "
                        + "or TRIAGE_SKIP_BROWSER=1");
        Map<String, String> labeled = new HashMap<>();
        try (GatewayFixture f = new GatewayFixture(dir, "console-", 600, 100)) {
            ChromeDriver driver = browser(dir.resolve("chromium-profile"));
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get("http://127.0.0.1:" + f.gateway.port() + "/");
                driver.findElement(By.id("token")).sendKeys(f.tokens.get("alice"));
                driver.findElement(By.id("signin-button")).click();
                wait.until(d -> d.findElement(By.id("who")).getText().equals("alice"));

                boolean shot = false;
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (labeled.size() < LABELS && System.nanoTime() < deadline) {
                    WebElement card = driver.findElement(By.id("card"));
                    if (!card.isDisplayed()) {
                        Thread.sleep(200);
                        continue;
                    }
                    String id = driver.findElement(By.id("record-id")).getText();
                    if (labeled.containsKey(id)) { // the page has not moved on yet
                        Thread.sleep(50);
                        continue;
                    }
                    String truth = f.truth(id);
                    List<WebElement> choices = driver.findElements(By.cssSelector("#choices button.choice"));
                    int index = -1;
                    for (int i = 0; i < choices.size(); i++) {
                        if (choices.get(i).getAttribute("data-label").equals(truth)) index = i;
                    }
                    assertTrue(index >= 0, "a button for " + truth + " on " + id);
                    if (!shot) {
                        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
                        Files.createDirectories(Path.of("triage-testkit/target"));
                        Files.copy(png, Path.of("triage-testkit/target/console.png"), StandardCopyOption.REPLACE_EXISTING);
                        shot = true;
                    }
                    if (labeled.size() % 2 == 0) choices.get(index).click();
                    else new Actions(driver).sendKeys(String.valueOf(index + 1)).perform();
                    labeled.put(id, truth);
                    String labeledId = id;
                    wait.until(d -> !d.findElement(By.id("card")).isDisplayed()
                            || !d.findElement(By.id("record-id")).getText().equals(labeledId));
                }
                assertTrue(labeled.size() >= LABELS, "labeled " + labeled.size() + " items in the console");
                // the live panel counts her labels
                wait.until(d -> Integer.parseInt(d.findElement(By.id("stat-mine")).getText()) >= LABELS);
                String errors = String.valueOf(((JavascriptExecutor) driver).executeScript(
                        "return document.getElementById('status').textContent"));
                System.out.println("console: last status '" + errors + "'");
            } finally {
                driver.quit();
            }
            Map<String, String> reviewers = new HashMap<>();
            labeled.keySet().forEach(id -> reviewers.put(id, "alice"));
            Map<String, String> committed = f.committedLabels(reviewers, Duration.ofMinutes(1));
            for (String id : labeled.keySet()) assertEquals("alice", committed.get(id), "LABELED event of " + id);
            long labelsInTrail = f.outputs().audit.stream().filter(e -> "LABELED".equals(e.path("type").asText())
                    && labeled.get(e.path("recordId").asText()) != null
                    && labeled.get(e.path("recordId").asText()).equals(e.path("label").asText())).count();
            assertEquals(labeled.size(), labelsInTrail, "each label as clicked or keyed");
        }
    }
}
