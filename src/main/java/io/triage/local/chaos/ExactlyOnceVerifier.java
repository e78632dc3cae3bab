package io.triage.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.LabeledExample;
import io.triage.event.ModelSnapshot;
import io.triage.event.ReviewRequest;
import io.triage.feature.FeatureExtractor;
import io.triage.feature.FeatureSpace;
import io.triage.feature.SparseVector;
import io.triage.io.DecodedRecord;
import io.triage.io.RecordDecoder;
import io.triage.io.ReviewRequestDecoder;
import io.triage.learn.LearnerCore;
import io.triage.policy.Router;
import io.triage.policy.Routing;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the committed outputs of a run against the exactly-once promises: one decision and one SCORED event
 * per input record, one outcome per review request, every joined label applied once, model versions growing
 * without gaps, every published version reproducible from its parent and the label applied (replayed through
 * the same {@link LearnerCore}), and every automated decision replayable from the version it names.
 */
public final class ExactlyOnceVerifier {
    /** The figures of a verification; {@link #problems()} lists every broken promise. */
    public record Report(long records, long decided, long lost, long duplicated, long scoredMissing,
                         long scoredDuplicated, long reviewRequests, long outcomesMissing, long outcomesDuplicated,
                         long labelsApplied, long labelsAppliedTwice, long versionsReproduced, long versionsMismatched,
                         long autoDecisions, long autoReplayMismatched, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public String table() {
            StringBuilder b = new StringBuilder();
            row(b, "input records", records);
            row(b, "records decided", decided);
            row(b, "LOST (no committed decision)", lost);
            row(b, "DUPLICATED decisions", duplicated);
            row(b, "SCORED missing / duplicated", scoredMissing + " / " + scoredDuplicated);
            row(b, "review requests", reviewRequests);
            row(b, "outcomes missing / duplicated", outcomesMissing + " / " + outcomesDuplicated);
            row(b, "labels applied (model versions)", labelsApplied);
            row(b, "labels applied twice", labelsAppliedTwice);
            row(b, "versions reproduced / mismatched", versionsReproduced + " / " + versionsMismatched);
            row(b, "automated decisions replayed / mismatched", autoDecisions + " / " + autoReplayMismatched);
            row(b, "verdict", ok() ? "OK" : "FAILED: " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            return b.toString();
        }

        private static void row(StringBuilder b, String k, Object v) {
            b.append(String.format(Locale.ROOT, "  %-44s %s%n", k, v));
        }
    }

    private ExactlyOnceVerifier() {}

    public static Report verify(JobSpec spec, CommittedOutputs out) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> inputIds = new HashSet<>();
        for (JsonNode r : out.records) inputIds.add(r.path("id").asText());

        // one decision and one SCORED event per record
        Map<String, Integer> decided = CommittedOutputs.countBy(out.decisions, "recordId");
        long lost = inputIds.stream().filter(id -> !decided.containsKey(id)).count();
        long duplicated = decided.values().stream().mapToLong(c -> c - 1).sum()
                + decided.keySet().stream().filter(id -> !inputIds.contains(id)).count();
        Map<String, Integer> scored = CommittedOutputs.countBy(out.audit("SCORED"), "recordId");
        long scoredMissing = inputIds.stream().filter(id -> !scored.containsKey(id)).count();
        long scoredDup = scored.values().stream().mapToLong(c -> c - 1).sum();
        check(problems, lost == 0, lost + " records lost");
        check(problems, duplicated == 0, duplicated + " duplicated decisions");
        check(problems, scoredMissing == 0 && scoredDup == 0, "SCORED missing " + scoredMissing + ", duplicated " + scoredDup);

        // one outcome per review request
        Map<String, JsonNode> requests = new HashMap<>();
        long requestDup = 0;
        for (JsonNode r : out.reviewRequests) if (requests.put(r.path("recordId").asText(), r) != null) requestDup++;
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, JsonNode> labeled = new HashMap<>();
        for (JsonNode a : out.audit("LABELED")) {
            outcomes.merge(a.path("recordId").asText(), 1, Integer::sum);
            labeled.put(a.path("recordId").asText(), a);
        }
        for (JsonNode a : out.audit("EXPIRED")) outcomes.merge(a.path("recordId").asText(), 1, Integer::sum);
        long outcomesMissing = requests.keySet().stream().filter(id -> !outcomes.containsKey(id)).count();
        long outcomesDup = outcomes.values().stream().mapToLong(c -> c - 1).sum() + requestDup
                + outcomes.keySet().stream().filter(id -> !requests.containsKey(id)).count();
        check(problems, outcomesMissing == 0, outcomesMissing + " review requests without outcome");
        check(problems, outcomesDup == 0, outcomesDup + " duplicated review requests or outcomes");

        // labels applied once; versions grow by one; each version reproducible; automated decisions replayable
        Map<String, Set<Long>> neededVersions = new HashMap<>();
        List<JsonNode> auto = out.decisions.stream().filter(d -> "AUTO".equals(d.path("source").asText())).toList();
        for (JsonNode d : auto) {
            // a policy version names one serving version, threshold and audit rate: what routed the record
            neededVersions.computeIfAbsent(d.path("model").asText(), k -> new HashSet<>()).add(d.path("policyVersion").asLong());
        }
        Map<String, Map<Long, ModelSnapshot>> snapshots = new HashMap<>();
        long applied = 0, appliedTwice = 0, reproduced = 0, mismatched = 0;
        ReviewRequestDecoder rrd = new ReviewRequestDecoder();
        for (ModelSpec m : spec.models()) {
            List<JsonNode> versions = out.models.stream().filter(v -> m.id().equals(v.path("model").asText()))
                    .sorted(Comparator.comparingLong(v -> v.path("version").asLong())).toList();
            LearnerCore core = new LearnerCore(m, new FeatureSpace(m));
            Set<String> appliedIds = new HashSet<>();
            Map<Long, ModelSnapshot> kept = new HashMap<>();
            Set<Long> needed = neededVersions.getOrDefault(m.id(), Set.of());
            for (int i = 0; i < versions.size(); i++) {
                JsonNode v = versions.get(i);
                long version = v.path("version").asLong();
                if (version != i + 1 || v.path("parentVersion").asLong() != i) {
                    problems.add(m.id() + ": version " + version + " at position " + (i + 1) + " (gap or repeat)");
                    break;
                }
                String id = v.path("lastRecordId").asText();
                if (!appliedIds.add(id)) appliedTwice++;
                JsonNode req = requests.get(id);
                JsonNode lab = labeled.get(id);
                if (req == null || lab == null) {
                    problems.add(m.id() + " v" + version + ": label for " + id + " has no committed request/LABELED event");
                    break;
                }
                ReviewRequest r = rrd.decode(req.toString());
                core.learn(new LabeledExample(r.recordId(), r.model(), v.path("lastLabel").asText(),
                        lab.path("annotator").asText(), r.indices(), r.values(), r.predicted(), r.confidence(),
                        r.reason(), r.labelWeight(), r.modelVersion(), r.ts(), 0L, r.policyVersion()), 0L);
                ModelSnapshot snap = core.snapshot(0L);
                if (core.weightsDigest().equals(v.path("weightsDigest").asText())
                        && snap.policyVersion() == v.path("policyVersion").asLong()
                        && v.path("servingVersion").asLong() == snap.version()) {
                    reproduced++;
                } else {
                    mismatched++;
                }
                if (needed.contains(snap.policyVersion())) kept.putIfAbsent(snap.policyVersion(), snap);
                applied++;
            }
            snapshots.put(m.id(), kept);
        }
        check(problems, appliedTwice == 0, appliedTwice + " labels applied twice");
        check(problems, mismatched == 0, mismatched + " model versions not reproducible from parent + label");
        check(problems, applied == labeled.size(), applied + " versions for " + labeled.size() + " LABELED events");

        // replay every automated decision from the version it names
        Map<String, JsonNode> inputs = new HashMap<>();
        for (JsonNode r : out.records) inputs.put(r.path("id").asText(), r);
        RecordDecoder decoder = new RecordDecoder(spec.maxRecordBytes(), spec.defaultModel().orElse(null));
        Map<String, FeatureExtractor> fx = new HashMap<>();
        for (ModelSpec m : spec.models()) fx.put(m.id(), new FeatureExtractor(new FeatureSpace(m)));
        long autoMismatch = 0;
        // the job's own audit draw (keyed by the secret in the spec's keys file): else an audit would not replay
        io.triage.policy.AuditDraw audits = io.triage.policy.AuditDraw.keyed(
                io.triage.security.KeyRing.forFile(spec.review().keysFile()).auditKey());
        for (JsonNode d : auto) {
            String id = d.path("recordId").asText();
            String model = d.path("model").asText();
            ModelSnapshot s = snapshots.getOrDefault(model, Map.of()).get(d.path("policyVersion").asLong());
            if (s != null && s.version() != d.path("modelVersion").asLong()) s = null;
            JsonNode in = inputs.get(id);
            if (s == null || in == null) {
                autoMismatch++;
                continue;
            }
            DecodedRecord rec = decoder.decode(in.toString(), 0L);
            SparseVector x = fx.get(model).extract(rec.features());
            Routing routing = Router.route(model, id, x.indices(), x.values(), s, audits);
            boolean same = routing.automated() && routing.predicted().equals(d.path("decision").asText())
                    && Math.abs(routing.confidence() - d.path("confidence").asDouble()) < 1e-9
                    && s.policyVersion() == d.path("policyVersion").asLong();
            if (!same) autoMismatch++;
        }
        check(problems, autoMismatch == 0, autoMismatch + " automated decisions do not replay");

        return new Report(inputIds.size(), decided.size(), lost, duplicated, scoredMissing, scoredDup, requests.size(),
                outcomesMissing, outcomesDup, applied, appliedTwice, reproduced, mismatched, auto.size(), autoMismatch,
                problems);
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) problems.add(problem);
    }
}
