package io.triage.e2e;

import io.triage.codec.Json;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.SparseVector;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.ModelSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A person's view, in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver, against the gateway beside a running job. The reviewer signs in with her token and labels items
 * by clicking the class's button and by pressing its key; every label must arrive in the job's committed audit
 * trail as hers. Two signed probes show what a review shows (its prediction and contributions) and what a blind
 * audit hides (both). A screenshot of the console, at the review probe, goes to triage-testkit/target/console.png.
 * {@code .ci/run} installs chromium and chromium-driver; set TRIAGE_SKIP_BROWSER=1 where they cannot be.
 */
class ConsoleIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int LABELS = 50;
    private static final String PROBE_REVIEW = "probe-review";
    private static final String PROBE_AUDIT = "probe-audit";

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

    private static boolean screenshot(ChromeDriver driver) throws Exception {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("triage-testkit/target"));
        Files.copy(png, Path.of("triage-testkit/target/console.png"), StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /**
     * A REVIEW with contributions and a blind AUDIT, signed with the job's key as the Scorer signs them, in front of
     * the queue (priority 1, the review due first). The run's own items are all cold-start reviews made before any
     * model, so they have neither prediction nor contributions: these two show both sides.
     */
    private static void sendProbes(GatewayFixture f) throws Exception {
        ModelSpec m = f.spec.models().get(0);
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("amount", 912.5);
        features.put("country", "NG");
        features.put("memo", "gift card");
        SparseVector v = new FeatureExtractor(new FeatureSpace(m)).extract(features);
        String[] classes = m.classes().toArray(String[]::new);
        ReviewRequestSigner signer = new ReviewRequestSigner(f.keys.keys().reviewRequestKey());
        long now = System.currentTimeMillis();
        ReviewRequest review = new ReviewRequest(PROBE_REVIEW, m.id(), now, Json.write(features), v.indices(),
                v.values(), classes[0], classes, new double[] {0.62, 0.38}, 0.62, Route.REVIEW, 1.0, now + 100_000, 1, 1,
                1.0, now, null, null, new Contribution[] {new Contribution("amount = 912.5", 1.5),
                        new Contribution("memo: \"gift\"", -0.42)});
        ReviewRequest audit = new ReviewRequest(PROBE_AUDIT, m.id(), now, Json.write(features), v.indices(),
                v.values(), classes[0], classes, new double[] {0.97, 0.03}, 0.97, Route.AUDIT, 1.0, now + 110_000, 1, 1,
                1 / m.policy().auditRate(), now, null);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", f.kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (ReviewRequest r : List.of(review, audit)) {
                p.send(new ProducerRecord<>(f.topics.reviewRequests(), r.recordId(), Json.write(signer.sign(r)))).get();
            }
        }
    }

    /** The review shows its prediction and contributions; the audit neither (nor that it is an audit). */
    private static void checkProbe(ChromeDriver driver, String id) {
        List<WebElement> rows = driver.findElements(By.cssSelector("#contributions li"));
        if (id.equals(PROBE_REVIEW)) {
            assertTrue(driver.findElement(By.id("prediction")).isDisplayed(), "the review's prediction");
            assertEquals(2, rows.size(), "the review's contributions");
            assertTrue(rows.get(0).getText().contains("amount = 912.5") && rows.get(0).getText().contains("+1.50"),
                    rows.get(0).getText());
            assertTrue(rows.get(1).getText().contains("−0.42"), rows.get(1).getText());
        } else {
            assertFalse(driver.findElement(By.id("prediction")).isDisplayed(), "an audit's prediction is hidden");
            assertFalse(driver.findElement(By.id("why")).isDisplayed(), "an audit's contributions are hidden");
            assertTrue(rows.isEmpty(), "no contributions on an audit");
            assertTrue(driver.findElement(By.id("blind")).isDisplayed());
        }
    }

    @Test
    void aReviewerLabelsByClickAndByKeyAndTheJobLearnsHerLabels(@TempDir Path dir) throws Exception {
        assumeFalse("1".equals(System.getenv("TRIAGE_SKIP_BROWSER")), "TRIAGE_SKIP_BROWSER=1");
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver), "
                        + "or TRIAGE_SKIP_BROWSER=1");
        Map<String, String> labeled = new HashMap<>();
        String slipped = null, correctedTo = null;
        try (GatewayFixture f = new GatewayFixture(dir, "console-", 600, 100)) {
            sendProbes(f);
            ChromeDriver driver = browser(dir.resolve("chromium-profile"));
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get("http://127.0.0.1:" + f.gateway.port() + "/");
                driver.findElement(By.id("token")).sendKeys(f.tokens.get("alice"));
                driver.findElement(By.id("signin-button")).click();
                wait.until(d -> d.findElement(By.id("who")).getText().equals("alice"));

                boolean shot = false;
                Set<String> probesSeen = new HashSet<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (labeled.size() < LABELS && System.nanoTime() < deadline) {
                    WebElement card = driver.findElement(By.id("card"));
                    if (!card.isDisplayed()) {
                        Thread.sleep(200);
                        continue;
                    }
                    String id = driver.findElement(By.id("record-id")).getText();
                    if (labeled.containsKey(id) || probesSeen.contains(id)) { // the page has not moved on yet
                        Thread.sleep(50);
                        continue;
                    }
                    if (id.equals(PROBE_REVIEW) || id.equals(PROBE_AUDIT)) {
                        checkProbe(driver, id);
                        if (id.equals(PROBE_REVIEW)) shot = screenshot(driver); // the view with contributions
                        probesSeen.add(id);
                        new Actions(driver).sendKeys("s").perform(); // skipped: no label for a record the job never saw
                        wait.until(d -> !d.findElement(By.id("card")).isDisplayed()
                                || !d.findElement(By.id("record-id")).getText().equals(id));
                        continue;
                    }
                    String truth = f.truth(id);
                    List<WebElement> choices = driver.findElements(By.cssSelector("#choices button.choice"));
                    int index = -1;
                    for (int i = 0; i < choices.size(); i++) {
                        if (choices.get(i).getAttribute("data-label").equals(truth)) index = i;
                    }
                    assertTrue(index >= 0, "a button for " + truth + " on " + id);
                    if (!shot) shot = screenshot(driver);
                    if (labeled.size() % 2 == 0) choices.get(index).click();
                    else new Actions(driver).sendKeys(String.valueOf(index + 1)).perform();
                    labeled.put(id, truth);
                    String labeledId = id;
                    wait.until(d -> !d.findElement(By.id("card")).isDisplayed()
                            || !d.findElement(By.id("record-id")).getText().equals(labeledId));
                }
                assertTrue(labeled.size() >= LABELS, "labeled " + labeled.size() + " items in the console");
                // a slip noticed: she changes her last answer from the console's "last answer" box
                wait.until(d -> d.findElement(By.id("last")).isDisplayed());
                slipped = driver.findElement(By.id("last-id")).getText();
                String changedTo = driver.findElement(By.cssSelector("#last-choices button.correct")).getAttribute("data-label");
                driver.findElement(By.cssSelector("#last-choices button.correct")).click();
                wait.until(d -> d.findElement(By.id("last-status")).getText().equals("changed"));
                assertEquals(changedTo, driver.findElement(By.id("last-label")).getText());
                correctedTo = changedTo;
                assertEquals(Set.of(PROBE_REVIEW, PROBE_AUDIT), probesSeen, "both probes were shown");
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
            // the change amended the decision
            String id = slipped, to = correctedTo;
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean amended = false;
            while (!amended && System.nanoTime() < until) {
                amended = f.outputs().decisions.stream().anyMatch(d -> d.path("recordId").asText().equals(id)
                        && d.hasNonNull("supersedes") && d.path("decision").asText().equals(to));
                if (!amended) Thread.sleep(1000);
            }
            assertTrue(amended, "the console's change amended " + id + " to " + to);
        }
    }
}
