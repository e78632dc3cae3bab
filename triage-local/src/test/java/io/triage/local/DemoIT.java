package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.codec.Json;
import io.triage.spec.JobSpec;
import io.triage.spec.PolicySpec;
import io.triage.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short run of the embedded demo (broker, MiniCluster, replayer, review team), then the notebooks executed
 * headless on its output. Set TRIAGE_SKIP_NOTEBOOKS=1 on a machine without Debian's Jupyter packages.
 */
class DemoIT {
    private static final double APPEAL_SHARE = 0.02;
    private static final double OUTCOME_SHARE = 0.2;
    private static final int RECORDS = 3000;
    private static final int WINDOW = 1000;

    @Test
    void demoRunsTheLoopAndTheNotebooksPlotIt(@TempDir Path out) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        // the shipped fraud spec with a short review deadline (the run ends soon after the last record) and a
        // target this short a run can gather evidence for
        JobSpec spec = SpecLoader.loadNamed("jobs/fraud.yaml").mapModels(m -> m.withPolicy(PolicySpec.builder()
                .targetPrecision(0.9).auditRate(m.policy().auditRate()).minEvidence(m.policy().minEvidence())
                .reviewDeadlineMs(10_000L).build()));
        Demo demo = new Demo(new Demo.Settings(spec,
                () -> new TransactionsGenerator(3, 1500, -1), RECORDS, 100, Duration.ofMinutes(4),
                ReviewTeam.Settings.of(4, 0.98, 5, 0.01, 3).withCorrections(0.5), out, 0, -1, 2, WINDOW, 50, -1, APPEAL_SHARE,
                OUTCOME_SHARE, 1_000, new RunManifest(List.of("demo", "--dataset", "fraud"), "fraud", 3)),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        DemoMonitor.Figures f = demo.run();
        String printed = console.toString(StandardCharsets.UTF_8);
        System.out.println(printed);

        assertEquals(RECORDS, f.decided(), "every record decided");
        assertEquals(0, f.duplicates());
        assertTrue(printed.contains("rec/s") && printed.contains("Summary"), "progress and summary printed");
        // simulated customers appealed some decisions; the team (not the decisions' own annotators) reviewed them
        java.util.regex.Matcher appeals = java.util.regex.Pattern.compile("appeals: (\\d+) sent, (\\d+) accepted")
                .matcher(printed);
        assertTrue(appeals.find(), "the appeals line: " + printed);
        assertTrue(Long.parseLong(appeals.group(1)) > 0 && Long.parseLong(appeals.group(2)) > 0, appeals.group());
        // the reviewers corrected some of their slips, and the job amended those decisions
        java.util.regex.Matcher corrections = java.util.regex.Pattern.compile(
                "corrections: the reviewers corrected (\\d+) of their answers; the job amended (\\d+) decisions").matcher(printed);
        assertTrue(corrections.find(), "the corrections line: " + printed);
        long corrected = Long.parseLong(corrections.group(1)), amended = Long.parseLong(corrections.group(2));
        assertTrue(corrected > 0 && amended > 0 && amended <= corrected, corrections.group());
        // late ground truth for a random fifth of the records: sent, each joined or refused, none proving the
        // promise broken (that takes known errors above 10% of a window's automated decisions)
        java.util.regex.Matcher outcomes = java.util.regex.Pattern.compile(
                "outcomes: (\\d+) sent, (\\d+) joined, (\\d+) refused; of automated decisions (\\d+) .*contradicting the promise: (\\d+)")
                .matcher(printed);
        assertTrue(outcomes.find(), "the outcomes line: " + printed);
        long sent = Long.parseLong(outcomes.group(1));
        assertTrue(sent > RECORDS * OUTCOME_SHARE / 2, outcomes.group());
        assertEquals(sent, Long.parseLong(outcomes.group(2)) + Long.parseLong(outcomes.group(3)), "each ended once: " + outcomes.group());
        assertEquals(0, Long.parseLong(outcomes.group(5)), outcomes.group());
        List<String> decisions = Files.readAllLines(out.resolve("decisions.jsonl"));
        assertEquals(RECORDS, decisions.size());
        Set<String> ids = new HashSet<>();
        for (String line : decisions) {
            JsonNode d = Json.MAPPER.readTree(line); // whole lines only
            ids.add(d.path("recordId").asText());
            assertTrue(d.has("truth") && d.has("seq"));
            assertTrue(d.path("index").asLong(-1) >= 0 && d.path("index").asLong() < RECORDS, "the record's position: " + d);
        }
        assertEquals(RECORDS, ids.size());
        for (String f2 : new String[] {"audit.jsonl", "metrics.jsonl", "models.jsonl", "summary.json"}) {
            assertTrue(Files.size(out.resolve(f2)) > 0, f2 + " written");
        }
        assertTrue(f.labels() > 0 && f.modelVersion() == f.labels(), "reviewers' labels were learned");

        // the window table: every decided record in exactly one window, the totals its rows' totals
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        // what the run was: the manifest names the command, the true change point, the reviewers and the versions
        JsonNode manifest = summary.path("manifest");
        assertEquals("[\"demo\",\"--dataset\",\"fraud\"]", manifest.path("command").toString());
        assertEquals("[1500]", manifest.path("changePoints").toString(), manifest.toPrettyString());
        assertEquals(4, manifest.path("reviewerAccuracy").size());
        assertEquals("fraud", manifest.path("spec").path("models").get(0).path("id").asText());
        assertEquals(org.tribuo.Tribuo.VERSION, manifest.path("versions").path("tribuo").asText());
        assertFalse(manifest.path("gitRevision").asText().isEmpty());
        JsonNode windows = summary.path("windows");
        assertEquals(RECORDS / WINDOW, windows.size(), summary.toPrettyString());
        long records = 0, automated = 0, counted = 0, below = 0, oracle = 0;
        for (JsonNode w : windows) {
            assertEquals(records, w.path("first").asLong());
            records += w.path("records").asLong();
            automated += w.path("automated").asLong();
            oracle += w.path("oracleAutomated").asLong();
            assertTrue(w.path("automated").asLong() <= w.path("records").asLong() && w.path("oracleAutomated").asLong()
                    <= w.path("records").asLong(), w.toString());
            if (w.path("counted").asBoolean()) counted++;
            if (w.path("belowTarget").asBoolean()) below++;
        }
        assertEquals(f.decided(), records, "sum of window records = records decided");
        assertEquals(f.auto(), automated);
        assertEquals(WINDOW, summary.path("windowSize").asInt());
        assertEquals(counted, summary.path("windowsCounted").asLong());
        assertEquals(below, summary.path("windowsBelowTarget").asLong());
        assertEquals((double) oracle / records, summary.path("oracleAutomation").asDouble(), 1e-12);
        assertTrue(printed.contains("windows below target: " + below + " of " + counted + " (window " + WINDOW
                + " records, ≥ 50 automated)"), printed);

        if ("1".equals(System.getenv("TRIAGE_SKIP_NOTEBOOKS"))) return;
        Process p = new ProcessBuilder("bash", "notebooks/run_notebooks.sh", out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "notebooks finish");
        System.out.println(log);
        assertEquals(0, p.exitValue(), "notebooks executed and produced their figures:\n" + log);
        assertTrue(Files.exists(out.resolve("figures/index.json")));
        assertTrue(Files.exists(out.resolve("figures/appeals.png")), "the report plots the appeals");
        assertTrue(Files.exists(out.resolve("figures/outcomes.png")), "the report plots the late ground truth");
        for (String fig : new String[] {"reliability.png", "annotators.png"}) {
            assertTrue(Files.exists(out.resolve("figures/" + fig)), "the report's research view " + fig);
        }
        // per-class precision needs automated decisions, which a short run at 0.9 may not certify
        assertEquals(f.auto() > 0, Files.exists(out.resolve("figures/class_precision.png")), "per-class precision");
    }
}
