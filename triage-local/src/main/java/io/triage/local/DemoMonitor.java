package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.spec.TopicsSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the job's committed outputs (read_committed), writes them as JSON lines for the notebooks
 * (decisions with the true class added), and keeps the running figures of the progress line.
 */
public final class DemoMonitor implements AutoCloseable {
    private final Map<String, String> truth;
    private final Map<String, Long> index;
    private final List<TopicFollower> followers = new ArrayList<>();
    private final List<JsonLinesFile> files = new ArrayList<>();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong amended = new AtomicLong();
    private final AtomicLong amendedByCorrection = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> corrections = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> appeals = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> outcomeCounts = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong auto = new AtomicLong();
    private final AtomicLong autoCorrect = new AtomicLong();
    private final AtomicLong human = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong modelCorrect = new AtomicLong();
    private final AtomicLong modelPredicted = new AtomicLong();
    private final AtomicLong driftAlarms = new AtomicLong();
    private final AtomicLong labelsRejected = new AtomicLong();
    private final AtomicLong inputsRejected = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong recordsRejected = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();
    private volatile JsonNode lastMetrics;
    private volatile JsonNode lastModel;

    public DemoMonitor(String bootstrap, TopicsSpec topics, Path outDir, Map<String, String> truth) {
        this(bootstrap, topics, outDir, truth, Map.of());
    }

    /** @param index record id → its position in the stream, written into decisions.jsonl as {@code index} */
    public DemoMonitor(String bootstrap, TopicsSpec topics, Path outDir, Map<String, String> truth,
                       Map<String, Long> index) {
        this.truth = truth;
        this.index = index;
        JsonLinesFile decisions = file(outDir, "decisions.jsonl");
        JsonLinesFile audit = file(outDir, "audit.jsonl");
        JsonLinesFile metrics = file(outDir, "metrics.jsonl");
        JsonLinesFile models = file(outDir, "models.jsonl");
        JsonLinesFile dead = file(outDir, "dead-letter.jsonl");
        followers.add(new TopicFollower(bootstrap, topics.decisions(), v -> onDecision(v, decisions)));
        followers.add(new TopicFollower(bootstrap, topics.audit(), v -> onAudit(v, audit)));
        followers.add(new TopicFollower(bootstrap, topics.metrics(), v -> {
            metrics.write(v);
            JsonNode m = RecordIds.tree(v);
            if (!io.triage.stage.MetricsAggregator.NO_MODEL.equals(m.path("model").asText())) lastMetrics = m;
        }));
        followers.add(new TopicFollower(bootstrap, topics.models(), v -> {
            models.write(v);
            lastModel = RecordIds.tree(v);
        }));
        followers.add(new TopicFollower(bootstrap, topics.deadLetter(), v -> {
            dead.write(v);
            deadLetters.incrementAndGet();
            if ("records".equals(RecordIds.field(v, "source"))) recordsRejected.incrementAndGet();
        }));
    }

    private JsonLinesFile file(Path dir, String name) {
        JsonLinesFile f = new JsonLinesFile(dir.resolve(name));
        files.add(f);
        return f;
    }

    private void onDecision(String v, JsonLinesFile out) {
        ObjectNode d = (ObjectNode) RecordIds.tree(v);
        String id = d.path("recordId").asText();
        if (d.hasNonNull("supersedes")) {
            // an appeal or a reviewer's correction amended the record's decision: not a second decision, and not in
            // the per-record file
            if (d.hasNonNull("appealId")) amended.incrementAndGet();
            else amendedByCorrection.incrementAndGet();
            return;
        }
        if (!decided.add(id)) duplicates.incrementAndGet();
        String t = truth.get(id);
        if (t != null) d.put("truth", t);
        d.put("seq", seq.getAndIncrement());
        Long at = index.get(id);
        if (at != null) d.put("index", at);
        switch (d.path("source").asText()) {
            case "AUTO" -> {
                auto.incrementAndGet();
                if (t != null && t.equals(d.path("decision").asText())) autoCorrect.incrementAndGet();
            }
            case "HUMAN" -> human.incrementAndGet();
            default -> expired.incrementAndGet();
        }
        if (t != null && d.hasNonNull("predicted")) {
            modelPredicted.incrementAndGet();
            if (t.equals(d.path("predicted").asText())) modelCorrect.incrementAndGet();
        }
        out.write(d.toString());
    }

    private void onAudit(String v, JsonLinesFile out) {
        out.write(v);
        if (v.contains("\"type\":\"SCORED\"")) scored.incrementAndGet();
        else if (v.contains("\"DRIFT_DETECTED\"")) driftAlarms.incrementAndGet();
        else if (v.contains("\"LABEL_REJECTED\"")) labelsRejected.incrementAndGet();
        else if (v.contains("\"LABEL_CORRECTED\"")) {
            corrections.computeIfAbsent(RecordIds.field(v, "reason"), k -> new AtomicLong()).incrementAndGet();
        }
        else if (v.contains("\"INPUT_REJECTED\"")) inputsRejected.incrementAndGet();
        else if (v.contains("\"type\":\"OUTCOME") || v.contains("\"type\":\"KNOWN_ERROR\"")) {
            JsonNode e = RecordIds.tree(v);
            String type = e.path("type").asText();
            if (type.equals("OUTCOME_JOINED")) {
                outcomeCounts.computeIfAbsent(e.path("verdict").asText() + ":" + e.path("decisionSource").asText(),
                        k -> new AtomicLong()).incrementAndGet();
            }
            outcomeCounts.computeIfAbsent(type, k -> new AtomicLong()).incrementAndGet();
        } else if (v.contains("\"type\":\"APPEAL_")) {
            String type = RecordIds.field(v, "type");
            appeals.computeIfAbsent(type, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /**
     * Late ground truth so far: outcomes joined and refused, joined to automated decisions and how many of those
     * were wrong, known errors the Learner took, windows the outcomes proved below target.
     */
    public record OutcomeFigures(long joined, long rejected, long automated, long automatedWrong, long knownErrors,
                                 long contradictions) {
        /** Outcomes the job has ended (joined or refused). */
        public long ended() {
            return joined + rejected;
        }
    }

    public OutcomeFigures outcomes() {
        long wrong = outcomeCount("wrong:AUTO");
        return new OutcomeFigures(outcomeCount("OUTCOME_JOINED"), outcomeCount("OUTCOME_REJECTED"),
                wrong + outcomeCount("correct:AUTO"), wrong, outcomeCount("KNOWN_ERROR"), outcomeCount("OUTCOMES_CONTRADICT"));
    }

    private long outcomeCount(String key) {
        AtomicLong n = outcomeCounts.get(key);
        return n == null ? 0 : n.get();
    }

    /** Appeals so far: received, upheld, overturned, expired, rejected. */
    public record AppealFigures(long received, long upheld, long overturned, long expired, long rejected) {}

    public AppealFigures appeals() {
        return new AppealFigures(count("APPEAL_RECEIVED"), count("APPEAL_UPHELD"), count("APPEAL_OVERTURNED"),
                count("APPEAL_EXPIRED"), count("APPEAL_REJECTED"));
    }

    private long count(String type) {
        AtomicLong n = appeals.get(type);
        return n == null ? 0 : n.get();
    }

    /**
     * Reviewers' corrections the job took, by what they did (amended, vote-replaced, decision-stands), and the
     * amended decisions they made.
     */
    public record CorrectionFigures(long amended, long voteReplaced, long decisionStands, long amendedDecisions) {
        public long total() {
            return amended + voteReplaced + decisionStands;
        }
    }

    public CorrectionFigures corrections() {
        return new CorrectionFigures(correctionCount("amended"), correctionCount("vote-replaced"),
                correctionCount("decision-stands"), amendedByCorrection.get());
    }

    private long correctionCount(String reason) {
        AtomicLong n = corrections.get(reason);
        return n == null ? 0 : n.get();
    }

    /** Decisions amended by appeals (each supersedes a record's earlier decision). */
    public long amended() {
        return amended.get();
    }

    public long decided() {
        return decided.size();
    }

    /**
     * Waits (at most {@code timeout}) until the audit follower has a SCORED event for every decision read: the
     * two topics are followed apart, and the window table joins them.
     */
    public void awaitScored(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (scored.get() < decided.size() && System.nanoTime() < deadline) Thread.sleep(100);
    }

    /** Input records the job sent to dead-letter: they will never be decided. */
    public long recordsRejected() {
        return recordsRejected.get();
    }

    public Figures figures() {
        JsonNode m = lastMetrics;
        JsonNode model = lastModel;
        long a = auto.get();
        return new Figures(decided.size(), duplicates.get(), a, human.get(), expired.get(),
                a == 0 ? Double.NaN : (double) autoCorrect.get() / a,
                modelPredicted.get() == 0 ? Double.NaN : (double) modelCorrect.get() / modelPredicted.get(),
                model == null ? Double.NaN : number(model, "estimatedPrecision"),
                model == null ? Double.NaN : number(model, "precisionLowerBound"),
                model == null ? 0 : model.path("labelsApplied").asLong(),
                model == null ? 0 : model.path("version").asLong(),
                model == null ? Double.NaN : number(model, "threshold"),
                model == null ? Double.NaN : number(model, "auditRate"),
                m == null ? 0 : m.path("backlog").asLong(), driftAlarms.get(), labelsRejected.get(),
                inputsRejected.get(), deadLetters.get());
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    /** The demo's running figures. Realized figures compare with the true classes; estimates are the job's. */
    public record Figures(long decided, long duplicates, long auto, long human, long expired, double realizedPrecision,
                          double modelAccuracy, double estimatedPrecision, double precisionLowerBound, long labels,
                          long modelVersion, double threshold, double auditRate, long backlog, long driftAlarms,
                          long labelsRejected, long inputsRejected, long deadLetters) {
        public double automationRate() {
            return decided == 0 ? 0 : (double) auto / decided;
        }
    }

    public void flush() {
        files.forEach(JsonLinesFile::flush);
    }

    @Override
    public void close() {
        followers.forEach(TopicFollower::close);
        files.forEach(JsonLinesFile::close);
    }
}
