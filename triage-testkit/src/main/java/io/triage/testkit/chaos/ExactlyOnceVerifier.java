package io.triage.testkit.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.triage.event.LabeledExample;
import io.triage.event.ModelSnapshot;
import io.triage.event.ReviewRequest;
import io.triage.feature.FeatureSpace;
import io.triage.codec.Json;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.learn.LearnerCore;
import io.triage.path.RecordParser;
import io.triage.path.RecordOutcome;
import io.triage.path.RecordPath;
import io.triage.path.RecordRouter;
import io.triage.policy.StaleLease;
import io.triage.policy.AuditDraw;
import io.triage.security.KeyRing;
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
 * Given a {@link SendLog} it also checks the job against what the outside world sent, not only against what the
 * job itself wrote ({@link Oracle}).
 */
public final class ExactlyOnceVerifier {
    /** The figures of a verification; {@link #problems()} lists every broken promise. */
    public record Report(long records, long decided, long lost, long duplicated, long scoredMissing,
                         long scoredDuplicated, long reviewRequests, long outcomesMissing, long outcomesDuplicated,
                         long labelsApplied, long labelsAppliedTwice, long versionsReproduced, long versionsMismatched,
                         long autoDecisions, long autoReplayMismatched, long expiriesAmended, long relabels, Oracle oracle,
                         Appeals appeals, Outcomes outcomes, long knownErrorsReplayed, long consensusItems,
                         List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        /** The problems but the {@link #KNOWN known failure}, if that is the only way honest labels were rejected. */
        public List<String> problemsButKnown() {
            return problems.stream().filter(p -> !p.startsWith(KNOWN)).toList();
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
            if (expiriesAmended > 0) row(b, "expiries amended by an on-time label read late", expiriesAmended);
            if (relabels > 0) row(b, "decisions amended by a correction (relabels)", relabels);
            row(b, "first answers applied (model versions)", labelsApplied);
            row(b, "labels applied twice", labelsAppliedTwice);
            row(b, "versions reproduced / mismatched", versionsReproduced + " / " + versionsMismatched);
            row(b, "automated decisions replayed / mismatched", autoDecisions + " / " + autoReplayMismatched);
            if (outcomes.sent() + outcomes.joined() + outcomes.rejected() > 0) outcomes.rows(b);
            if (knownErrorsReplayed > 0) row(b, "known errors of automated decisions replayed", knownErrorsReplayed);
            if (consensusItems > 0) row(b, "consensus outcomes following from their votes", consensusItems);
            if (appeals.sent() + appeals.received() + appeals.rejected() > 0) appeals.rows(b);
            if (oracle != null) oracle.rows(b);
            row(b, "verdict", ok() ? "OK" : "FAILED: " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
            return b.toString();
        }

        static void row(StringBuilder b, String k, Object v) {
            b.append(String.format(Locale.ROOT, "  %-44s %s%n", k, v));
        }
    }

    /**
     * What became of the appeals: each sent (by the appellant's log, when there is one) accepted or refused once,
     * each accepted ending in exactly one outcome, each overturned one amending its record's decision exactly once.
     */
    public record Appeals(long sent, long received, long rejected, long upheld, long overturned, long expired,
                          long amended) {
        void rows(StringBuilder b) {
            Report.row(b, "appeals sent / accepted / refused", sent + " / " + received + " / " + rejected);
            Report.row(b, "appeals upheld / overturned / expired", upheld + " / " + overturned + " / " + expired);
            Report.row(b, "amended decisions", amended);
        }
    }

    /** Late ground truth: what the feed sent, what the job joined and refused, and of automated decisions. */
    public record Outcomes(long sent, long joined, long rejected, long automated, long automatedWrong) {
        void rows(StringBuilder b) {
            Report.row(b, "outcomes sent / joined / refused", sent + " / " + joined + " / " + rejected);
            Report.row(b, "  of automated decisions / wrong", automated + " / " + automatedWrong);
        }
    }

    /**
     * Every outcome the feed sent ends once — joined, with the verdict its truth gives the record's first decision
     * (the one the job made), or refused — and no outcome event exists for a record the feed sent none for.
     */
    static Outcomes outcomes(CommittedOutputs out, SendLog log, List<String> problems) {
        Map<String, String> sent = log == null ? Map.of() : log.outcomes();
        Map<String, JsonNode> first = new HashMap<>();
        for (JsonNode d : out.decisions) if (!d.hasNonNull("supersedes")) first.putIfAbsent(d.path("recordId").asText(), d);
        Map<String, Integer> ended = new HashMap<>();
        long joined = 0, rejected = 0, automated = 0, automatedWrong = 0;
        for (JsonNode a : out.audit) {
            String type = a.path("type").asText();
            if (!type.equals("OUTCOME_JOINED") && !type.equals("OUTCOME_REJECTED")) continue;
            String id = a.path("recordId").asText();
            ended.merge(id, 1, Integer::sum);
            String truth = sent.get(id);
            if (truth == null) {
                problems.add("an outcome event for " + id + ", whose truth the feed never sent");
                continue;
            }
            if (type.equals("OUTCOME_REJECTED")) {
                rejected++;
                problems.add("the outcome of " + id + " was refused: " + a.path("reason").asText() + " (outcome "
                        + a.path("outcomeId").asText() + ")");
                continue;
            }
            joined++;
            JsonNode d = first.get(id);
            String expected = d == null ? "?" : (!d.hasNonNull("decision") ? "abstained" : d.path("decision").asText()
                    .equals(truth) ? "correct" : "wrong") + ":" + d.path("source").asText();
            String judged = a.path("verdict").asText() + ":" + a.path("decisionSource").asText();
            if (!expected.equals(judged)) {
                problems.add("outcome of " + id + " judged " + judged + ", the truth gives " + expected);
            }
            if (expected.endsWith(":AUTO")) {
                automated++;
                if (expected.startsWith("wrong")) automatedWrong++;
            }
        }
        long twice = ended.values().stream().filter(n -> n > 1).count();
        long never = sent.keySet().stream().filter(id -> !ended.containsKey(id)).count();
        check(problems, twice == 0, twice + " outcomes ended more than once");
        check(problems, never == 0, never + " outcomes sent never ended (joined or refused)");
        return new Outcomes(sent.size(), joined, rejected, automated, automatedWrong);
    }

    /** How a problem that is a known failure starts (see {@link Oracle#onTimeRejectedLate}). */
    public static final String KNOWN = "KNOWN FAILURE: ";
    /** The reason the LabelJoiner gives a label that comes after its request expired. */
    static final String LATE = io.triage.review.LabelRejection.LATE_AFTER_EXPIRY.code();
    /** After an outage the job takes a while to read the labels that waited: deadlines this soon after count too. */
    static final long CATCH_UP_MS = 10_000;

    /**
     * The job against the senders' own logs ({@link SendLog}).
     *
     * @param recordsSent                   records the broker acknowledged to the replayer
     * @param recordsSendFailed             records the replayer could not send (not expected anywhere)
     * @param sentUndecided                 sent records without a committed decision
     * @param sentDecidedTwice              sent records with more than one
     * @param decidedNeverSent              decisions for records the replayer never sent
     * @param recordsTopicMismatch          ids on the committed records topic not in the log, or the other way
     * @param labelsSent                    labels the team sent (acknowledged)
     * @param labelsOnTime                  of which before their request's deadline (honest and on time)
     * @param labelsApplied                 of all sent, applied (a LABELED event for that record and annotator)
     * @param rejectedExpected              sent after the deadline and rejected as {@code late-after-expiry}
     * @param rejectedUnexpected            rejected in any other case: on time, or late for another reason, or
     *                                      applied and rejected both
     * @param onTimeRejected                on-time labels rejected (any reason; part of rejectedUnexpected)
     * @param onTimeRejectedLate            of which rejected as late-after-expiry: the known failure of issue 10 —
     *                                      the LabelJoiner judges lateness by its own clock, so a label sent on
     *                                      time that reaches it after the deadline (the job behind after a
     *                                      recovery) is rejected; fix pending in LabelJoiner
     * @param onTimeRejectedAfterLongOutage of those, the ones whose deadline fell within a long outage (or
     *                                      {@link #CATCH_UP_MS} after it)
     * @param onTimeWithoutOutcome          on-time labels neither applied nor rejected
     * @param lateWithoutOutcome            late labels neither applied nor rejected (yet: sent near the end)
     * @param labelOutcomesNeverSent        LABELED or LABEL_REJECTED events for labels the team never sent
     * @param onTimeRejectedReasons         reason → on-time labels rejected with it
     * @param lateRejectedReasons           reason → late labels rejected unexpectedly with it
     * @param examples                      a few labels rejected unexpectedly, with what the job made of them
     */
    public record Oracle(long recordsSent, long recordsSendFailed, long sentUndecided, long sentDecidedTwice,
                         long decidedNeverSent, long recordsTopicMismatch, long labelsSent, long labelsOnTime,
                         long labelsApplied, long rejectedExpected, long rejectedUnexpected, long onTimeRejected,
                         long onTimeRejectedLate, long onTimeRejectedAfterLongOutage, long onTimeWithoutOutcome, long lateWithoutOutcome,
                         long labelOutcomesNeverSent, Map<String, Long> onTimeRejectedReasons,
                         Map<String, Long> lateRejectedReasons, String examples) {
        void rows(StringBuilder b) {
            Report.row(b, "records sent (replayer's log) / send failed", recordsSent + " / " + recordsSendFailed);
            Report.row(b, "sent: undecided / decided twice / decided unsent", sentUndecided + " / " + sentDecidedTwice
                    + " / " + decidedNeverSent);
            Report.row(b, "records topic vs replayer's log, mismatched", recordsTopicMismatch);
            Report.row(b, "honest labels sent (team's log) / on time", labelsSent + " / " + labelsOnTime);
            Report.row(b, "labels applied", labelsApplied);
            Report.row(b, "rejected with expected reason (late-after-expiry)", rejectedExpected);
            Report.row(b, "REJECTED UNEXPECTEDLY", rejectedUnexpected);
            Report.row(b, "HONEST ON-TIME LABELS REJECTED", onTimeRejected
                    + (onTimeRejected == 0 ? "" : " " + onTimeRejectedReasons) + (onTimeRejectedLate == 0 ? ""
                    : " (" + onTimeRejectedLate + " late-after-expiry, a known failure; " + onTimeRejectedAfterLongOutage
                    + " of them after an outage longer than the review deadline)"));
            Report.row(b, "on-time labels without outcome / late ones", onTimeWithoutOutcome + " / " + lateWithoutOutcome);
            Report.row(b, "label outcomes for labels never sent", labelOutcomesNeverSent);
            if (!examples.isEmpty()) b.append("  labels rejected unexpectedly, for example: ").append(examples).append(System.lineSeparator());
        }
    }

    private ExactlyOnceVerifier() {}

    public static Report verify(JobSpec spec, CommittedOutputs out) throws Exception {
        return verify(spec, out, null);
    }

    /** As {@link #verify(JobSpec, CommittedOutputs)}, and against the senders' logs when {@code sent} is set. */
    public static Report verify(JobSpec spec, CommittedOutputs out, SendLog sent) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> inputIds = new HashSet<>();
        for (JsonNode r : out.records) inputIds.add(r.path("id").asText());

        // one decision and one SCORED event per record (an appeal's amended decision is checked with the appeals)
        List<JsonNode> firstDecisions = out.decisions.stream().filter(d -> !d.hasNonNull("supersedes")).toList();
        Map<String, Integer> decided = CommittedOutputs.countBy(firstDecisions, "recordId");
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
        // requests refused on read-back (not the job's own: forged) are not outputs of the job; none may be the job's
        Set<String> refusedRequests = new HashSet<>();
        for (JsonNode d : out.deadLetter) {
            if (!"review-requests".equals(d.path("source").asText())) continue;
            try {
                refusedRequests.add(Json.MAPPER.readTree(d.path("raw").asText("")).path("recordId").asText());
            } catch (Exception e) {
                // not JSON: names no record
            }
        }
        long ownRefused = refusedRequests.stream().filter(inputIds::contains).count();
        check(problems, ownRefused == 0, ownRefused + " review requests of the job's own records refused on read-back");
        for (JsonNode r : out.reviewRequests) {
            if (refusedRequests.contains(r.path("recordId").asText())) continue;
            if ("APPEAL".equals(r.path("reason").asText())) continue; // an appeal's review: checked with the appeals
            if (requests.put(r.path("recordId").asText(), r) != null) requestDup++;
        }
        Map<String, Integer> outcomes = new HashMap<>();
        Map<String, JsonNode> labeled = new HashMap<>();
        for (JsonNode a : out.audit("LABELED")) {
            outcomes.merge(a.path("recordId").asText(), 1, Integer::sum);
            labeled.put(a.path("recordId").asText(), a);
        }
        for (JsonNode a : out.audit("EXPIRED")) outcomes.merge(a.path("recordId").asText(), 1, Integer::sum);
        // an expiry followed by the on-time label the job read only after it, and the decision that amends it:
        // one review, answered late by the job, not two outcomes
        // an annotator's correction that changed a decision: LABEL_CORRECTED "amended", then the decision it names
        Map<String, java.util.ArrayDeque<JsonNode>> corrections = new HashMap<>();
        for (JsonNode a : out.audit("LABEL_CORRECTED")) {
            if ("amended".equals(a.path("reason").asText())) {
                corrections.computeIfAbsent(a.path("recordId").asText(), x -> new java.util.ArrayDeque<>()).add(a);
            }
        }
        corrections.values().forEach(q -> {
            List<JsonNode> sorted = new ArrayList<>(q);
            sorted.sort(Comparator.comparingLong(a -> a.path("ts").asLong()));
            q.clear();
            q.addAll(sorted);
        });
        Map<String, java.util.ArrayDeque<JsonNode>> toMatch = new HashMap<>();
        corrections.forEach((id, q) -> toMatch.put(id, new java.util.ArrayDeque<>(q)));
        long correctionsAmended = 0, correctionsWrong = 0;
        Map<String, Integer> amendsExpiry = new HashMap<>();
        List<JsonNode> amendments = out.decisions.stream()
                .filter(d -> d.hasNonNull("supersedes") && !d.hasNonNull("appealId"))
                .sorted(Comparator.comparingLong(d -> d.path("decidedAt").asLong())).toList();
        for (JsonNode d : amendments) {
            String id = d.path("recordId").asText();
            java.util.ArrayDeque<JsonNode> q = toMatch.get(id);
            JsonNode c = q == null ? null : q.peekFirst();
            if (c != null && c.path("decision").asText().equals(d.path("decision").asText())
                    && c.path("ts").asLong() == d.path("decidedAt").asLong()) {
                q.pollFirst();
                correctionsAmended++;
            } else {
                amendsExpiry.merge(id, 1, Integer::sum);
            }
        }
        correctionsWrong = toMatch.values().stream().mapToLong(java.util.ArrayDeque::size).sum();
        check(problems, correctionsWrong == 0, correctionsWrong + " corrections that amended a decision without the "
                + "amended decision on the decisions topic");
        Set<String> expiredIds = new HashSet<>();
        out.audit("EXPIRED").forEach(a -> expiredIds.add(a.path("recordId").asText()));
        long amendedWrong = 0;
        for (Map.Entry<String, Integer> e : amendsExpiry.entrySet()) {
            boolean ok = e.getValue() == 1 && expiredIds.contains(e.getKey()) && labeled.containsKey(e.getKey())
                    && outcomes.getOrDefault(e.getKey(), 0) == 2;
            if (ok) outcomes.put(e.getKey(), 1);
            else amendedWrong++;
        }
        check(problems, amendedWrong == 0, amendedWrong + " amended decisions of expired reviews without exactly one "
                + "expiry and one late-read label");
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
        long applied = 0, appliedTwice = 0, reproduced = 0, mismatched = 0, relabels = 0;
        long[] knownReplayed = {0};
        // the spec's extractors give the vector a request leaves out (no signature check here: no key)
        ReviewRequestDecoder rrd = new ReviewRequestDecoder(ReviewRequestDecoder.limits(spec), null);
        for (ModelSpec m : spec.models()) {
            List<JsonNode> versions = out.models.stream().filter(v -> m.id().equals(v.path("model").asText()))
                    .sorted(Comparator.comparingLong(v -> v.path("version").asLong())).toList();
            LearnerCore core = new LearnerCore(m, new FeatureSpace(m));
            // the Learner weighs each label by its annotator's accuracy, estimated from the consensus items it learned
            io.triage.review.AnnotatorWeights weights = new io.triage.review.AnnotatorWeights();
            Map<String, List<JsonNode>> votesOf = new HashMap<>();
            for (JsonNode cv : out.audit("CONSENSUS_VOTE")) {
                String why = cv.path("reason").asText();
                if (m.id().equals(cv.path("model").asText()) && (why.equals("majority") || why.equals("outvoted"))) {
                    votesOf.computeIfAbsent(cv.path("recordId").asText(), x -> new ArrayList<>()).add(cv);
                }
            }
            Set<String> appliedIds = new HashSet<>();
            Map<Long, ModelSnapshot> kept = new HashMap<>();
            Set<Long> needed = neededVersions.getOrDefault(m.id(), Set.of());
            // known errors the serving version's controller took, by the version they came after
            Map<Long, List<JsonNode>> knownAfter = new HashMap<>();
            for (JsonNode k : out.audit("KNOWN_ERROR")) {
                String why = k.path("reason").asText();
                if (m.id().equals(k.path("model").asText()) && (why.equals("appeal") || why.equals("outcome"))) {
                    knownAfter.computeIfAbsent(k.path("modelVersion").asLong(), x -> new ArrayList<>()).add(k);
                }
            }
            knownAfter.values().forEach(ExactlyOnceVerifier::inLearnerOrder);
            knownReplayed[0] += applyKnownErrors(core, knownAfter.get(0L), needed, kept, problems);
            for (int i = 0; i < versions.size(); i++) {
                JsonNode v = versions.get(i);
                long version = v.path("version").asLong();
                if (version != i + 1 || v.path("parentVersion").asLong() != i) {
                    problems.add(m.id() + ": version " + version + " at position " + (i + 1) + " (gap or repeat)");
                    break;
                }
                String id = v.path("lastRecordId").asText();
                String replaced = v.hasNonNull("replacedLabel") ? v.path("replacedLabel").asText() : null;
                JsonNode req = requests.get(id);
                JsonNode lab = labeled.get(id);
                if (req == null || lab == null) {
                    problems.add(m.id() + " v" + version + ": label for " + id + " has no committed request/LABELED event");
                    break;
                }
                ReviewRequest r = rrd.decode(req.toString());
                if (replaced != null) {
                    // a relabel: the record was learned before, and an amending correction names the new class
                    JsonNode c = corrections.getOrDefault(id, new java.util.ArrayDeque<>()).pollFirst();
                    if (!appliedIds.contains(id) || c == null || !c.path("decision").asText().equals(v.path("lastLabel").asText())) {
                        problems.add(m.id() + " v" + version + ": relabel of " + id + " without its first label or an amending correction");
                        break;
                    }
                    String annotator = c.path("annotator").asText();
                    core.learn(LabeledExample.answering(r, v.path("lastLabel").asText(), annotator, 0L).correcting(replaced),
                            weights.weightOf(annotator, core.model().classes().size()), 0L);
                    relabels++;
                } else {
                    if (!appliedIds.add(id)) appliedTwice++;
                    String annotator = lab.path("annotator").asText();
                    core.learn(LabeledExample.answering(r, v.path("lastLabel").asText(), annotator, 0L),
                            weights.weightOf(annotator, core.model().classes().size()), 0L);
                    List<JsonNode> votes = votesOf.getOrDefault(id, List.of());
                    weights.observe(votes.stream().map(x -> x.path("annotator").asText()).toList(),
                            votes.stream().map(x -> x.path("label").asText()).toList());
                    applied++;
                }
                ModelSnapshot snap = core.snapshot(0L);
                if (core.weightsDigest().equals(v.path("weightsDigest").asText())
                        && snap.policyVersion() == v.path("policyVersion").asLong()
                        && v.path("servingVersion").asLong() == snap.version()) {
                    reproduced++;
                } else {
                    mismatched++;
                }
                if (needed.contains(snap.policyVersion())) kept.putIfAbsent(snap.policyVersion(), snap);
                knownReplayed[0] += applyKnownErrors(core, knownAfter.get(version), needed, kept, problems);
            }
            snapshots.put(m.id(), kept);
        }
        check(problems, appliedTwice == 0, appliedTwice + " labels applied twice");
        check(problems, mismatched == 0, mismatched + " model versions not reproducible from parent + label");
        check(problems, applied == labeled.size(), applied + " versions for " + labeled.size() + " LABELED events");
        check(problems, relabels == correctionsAmended, relabels + " relabelled versions for " + correctionsAmended
                + " decisions amended by a correction");

        // every consensus outcome follows from its votes (and, weighted, from the weights its request gives them)
        long consensusItems = ConsensusCheck.check(spec.review().consensus(), out.audit("CONSENSUS_VOTE"), requests, rrd,
                problems);

        // replay every automated decision from the version it names
        Map<String, JsonNode> inputs = new HashMap<>();
        for (JsonNode r : out.records) inputs.putIfAbsent(r.path("id").asText(), r); // the first: a resend is refused
        RecordParser parser = new RecordParser(spec);
        long autoMismatch = 0;
        // one routing from the snapshot that served it, with the job's own audit draw (keyed by the secret in the
        // spec's keys file: else an audit would not replay) and no stale lease (an automated decision was within it)
        RecordPath path = new RecordPath(new RecordRouter(AuditDraw.keyed(KeyRing.forFile(spec.review().keysFile())
                .auditKey())), StaleLease.none(), model -> 0L);
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
            RecordOutcome o = path.take(parser.parse(in.toString(), 0L), s, d.path("decidedAt").asLong());
            boolean same = o.automated() && o.decision().decision().equals(d.path("decision").asText())
                    && Math.abs(o.decision().confidence() - d.path("confidence").asDouble()) < 1e-9
                    && o.decision().policyVersion() == d.path("policyVersion").asLong()
                    && o.decision().modelVersion() == d.path("modelVersion").asLong();
            if (!same) autoMismatch++;
        }
        check(problems, autoMismatch == 0, autoMismatch + " automated decisions do not replay");

        Appeals appeals = appeals(out, sent, problems);
        Oracle oracle = sent == null ? null : oracle(out, sent, decided, inputIds, problems);
        if (sent != null) intrusions(out, sent, decided, problems);
        return new Report(inputIds.size(), decided.size(), lost, duplicated, scoredMissing, scoredDup, requests.size(),
                outcomesMissing, outcomesDup, applied, appliedTwice, reproduced, mismatched, auto.size(), autoMismatch,
                amendsExpiry.size(), relabels, oracle, appeals, outcomes(out, sent, problems), knownReplayed[0],
                consensusItems, problems);
    }

    /**
     * Known errors that followed one model version, in the order the Learner took them: the audit topic's partitions
     * interleave in any order, but each taken error leaves a policy version at least as new as the one before and,
     * between two threshold moves, a higher controller offset (a known error only ever raises it).
     */
    static void inLearnerOrder(List<JsonNode> knownErrors) {
        knownErrors.sort(Comparator.<JsonNode>comparingLong(k -> k.path("policyVersion").asLong())
                .thenComparingDouble(k -> k.path("controllerOffset").asDouble()));
    }

    private static String appealId(JsonNode a) {
        return a.path("appealId").asText("");
    }

    static Appeals appeals(CommittedOutputs out, SendLog log, List<String> problems) {
        Map<String, Integer> received = new HashMap<>();
        Map<String, Integer> rejected = new HashMap<>();
        Map<String, Integer> ended = new HashMap<>();
        Map<String, Integer> overturned = new HashMap<>();
        long upheld = 0, expired = 0;
        for (JsonNode a : out.audit) {
            String type = a.path("type").asText();
            switch (type) {
                case "APPEAL_RECEIVED" -> received.merge(appealId(a), 1, Integer::sum);
                case "APPEAL_REJECTED" -> rejected.merge(appealId(a), 1, Integer::sum);
                case "APPEAL_UPHELD", "APPEAL_OVERTURNED", "APPEAL_EXPIRED" -> {
                    ended.merge(appealId(a), 1, Integer::sum);
                    if (type.equals("APPEAL_OVERTURNED")) overturned.merge(appealId(a), 1, Integer::sum);
                    if (type.equals("APPEAL_UPHELD")) upheld++;
                    if (type.equals("APPEAL_EXPIRED")) expired++;
                }
                default -> { }
            }
        }
        Map<String, Integer> amended = new HashMap<>();
        for (JsonNode d : out.decisions) {
            if (d.hasNonNull("supersedes") && d.hasNonNull("appealId")) amended.merge(d.path("appealId").asText(), 1, Integer::sum);
        }
        Map<String, Integer> reviews = new HashMap<>();
        for (JsonNode r : out.reviewRequests) {
            if ("APPEAL".equals(r.path("reason").asText())) reviews.merge(r.path("appeal").path("appealId").asText(), 1, Integer::sum);
        }
        long receivedTwice = received.values().stream().filter(c -> c > 1).count();
        long withoutOutcome = received.keySet().stream().filter(id -> !ended.containsKey(id)).count();
        long outcomeTwice = ended.values().stream().filter(c -> c > 1).count()
                + ended.keySet().stream().filter(id -> !received.containsKey(id)).count();
        long amendedTwice = amended.values().stream().filter(c -> c > 1).count();
        long amendedWrong = amended.keySet().stream().filter(id -> !overturned.containsKey(id)).count()
                + overturned.keySet().stream().filter(id -> !amended.containsKey(id)).count();
        long reviewsWrong = reviews.values().stream().filter(c -> c > 1).count()
                + received.keySet().stream().filter(id -> !reviews.containsKey(id)).count();
        check(problems, receivedTwice == 0, receivedTwice + " appeals accepted more than once");
        check(problems, withoutOutcome == 0, withoutOutcome + " accepted appeals without an outcome");
        check(problems, outcomeTwice == 0, outcomeTwice + " appeals with more than one outcome, or one never accepted");
        check(problems, amendedTwice == 0, amendedTwice + " amended decisions duplicated");
        check(problems, amendedWrong == 0, amendedWrong + " amended decisions without an overturned appeal, or the other way");
        check(problems, reviewsWrong == 0, reviewsWrong + " accepted appeals without exactly one appeal review");
        long sentN = 0;
        if (log != null) {
            Set<String> sentIds = log.appeals();
            sentN = sentIds.size();
            // a resend of an accepted appeal is refused duplicate-appeal: once accepted is the one outcome it needs
            long unanswered = sentIds.stream().filter(id -> !received.containsKey(id) && !rejected.containsKey(id)).count();
            long foreign = received.keySet().stream().filter(id -> !sentIds.contains(id)).count();
            check(problems, unanswered == 0, unanswered + " appeals sent neither accepted nor refused");
            check(problems, foreign == 0, foreign + " appeals accepted that nobody sent");
        }
        return new Appeals(sentN, received.size(), rejected.values().stream().mapToLong(Integer::longValue).sum(), upheld,
                overturned.size(), expired, amended.values().stream().mapToLong(Integer::longValue).sum());
    }

    /**
     * What an intruder sent ({@link Intruder}) is refused with its reason and reaches nothing: every resend an
     * {@code INPUT_REJECTED duplicate-record}; every forged label a {@code bad-signature} dead letter and no
     * {@code LABELED}; every forged review request an {@code invalid-review-request} dead letter and no decision.
     */
    static void intrusions(CommittedOutputs out, SendLog log, Map<String, Integer> decided, List<String> problems) {
        Map<String, Integer> resent = new HashMap<>();
        log.resent().forEach(id -> resent.merge(id, 1, Integer::sum));
        Map<String, Integer> refusedResends = new HashMap<>();
        for (JsonNode a : out.audit("INPUT_REJECTED")) {
            if (a.path("reason").asText().startsWith("duplicate-record")) {
                refusedResends.merge(a.path("recordId").asText(), 1, Integer::sum);
            }
        }
        long resendsNotRefused = resent.entrySet().stream()
                .filter(e -> refusedResends.getOrDefault(e.getKey(), 0) < e.getValue()).count();
        check(problems, resendsNotRefused == 0, resendsNotRefused + " resent records not refused as duplicate-record");

        Set<String> forgedLabels = log.forgedLabels();
        Set<String> deadForged = new HashSet<>();
        long forgedRequestsRefused = 0;
        for (JsonNode d : out.deadLetter) {
            String raw = d.path("raw").asText("");
            if ("labels".equals(d.path("source").asText()) && "bad-signature".equals(d.path("reason").asText())) {
                forgedLabels.stream().filter(ev -> raw.contains("\"" + ev + "\"")).forEach(deadForged::add);
            }
            if ("review-requests".equals(d.path("source").asText())
                    && "invalid-review-request".equals(d.path("reason").asText()) && raw.contains("\"forged-")) {
                forgedRequestsRefused++;
            }
        }
        long forgedApplied = out.audit("LABELED").stream().filter(a -> forgedLabels.contains(a.path("eventId").asText()))
                .count();
        check(problems, deadForged.size() == forgedLabels.size(), (forgedLabels.size() - deadForged.size())
                + " forged labels not dead-lettered as bad-signature");
        check(problems, forgedApplied == 0, forgedApplied + " forged labels applied");
        long forgedDecided = log.forgedRequests().stream().filter(decided::containsKey).count();
        check(problems, forgedRequestsRefused >= log.forgedRequests().size(), (log.forgedRequests().size()
                - forgedRequestsRefused) + " forged review requests not dead-lettered as invalid-review-request");
        check(problems, forgedDecided == 0, forgedDecided + " forged review requests decided");
    }

    private static Oracle oracle(CommittedOutputs out, SendLog log, Map<String, Integer> decided, Set<String> topicIds,
                                 List<String> problems) {
        // records: every one the broker acknowledged has exactly one decision, and nothing else has one
        Set<String> sentIds = log.records();
        Map<String, String> failed = log.failedRecords();
        long undecided = sentIds.stream().filter(id -> !decided.containsKey(id)).count();
        long twice = sentIds.stream().filter(id -> decided.getOrDefault(id, 0) > 1).count();
        long unsent = decided.keySet().stream().filter(id -> !sentIds.contains(id)).count();
        long topicMismatch = topicIds.stream().filter(id -> !sentIds.contains(id)).count()
                + sentIds.stream().filter(id -> !topicIds.contains(id)).count();
        check(problems, undecided == 0, undecided + " records the replayer sent have no decision");
        check(problems, twice == 0, twice + " records the replayer sent have more than one decision");
        check(problems, unsent == 0, unsent + " decisions for records the replayer never sent");
        check(problems, topicMismatch == 0, topicMismatch + " ids differ between the records topic and the replayer's log");
        check(problems, failed.isEmpty(), failed.size() + " records could not be sent (e.g. " + failed.values().stream()
                .findFirst().orElse("") + ")");

        // labels: each one the team sent ends applied, or rejected as the test expects
        Map<String, Integer> appliedBy = new HashMap<>();
        for (JsonNode a : out.audit("LABELED")) appliedBy.merge(labelKey(a.path("recordId").asText(), a.path("annotator").asText()), 1, Integer::sum);
        // a vote of a consensus request is applied as part of it (LABELED names only the first of the majority)
        for (JsonNode a : out.audit("CONSENSUS_VOTE")) appliedBy.merge(labelKey(a.path("recordId").asText(), a.path("annotator").asText()), 1, Integer::sum);
        // a label that answered an appeal is applied as its outcome
        for (JsonNode a : out.audit) {
            String type = a.path("type").asText();
            if (type.equals("APPEAL_UPHELD") || type.equals("APPEAL_OVERTURNED")) {
                appliedBy.merge(labelKey(a.path("recordId").asText(), a.path("annotator").asText()), 1, Integer::sum);
            }
        }
        Map<String, List<String>> rejectedBy = new HashMap<>();
        for (JsonNode a : out.audit("LABEL_REJECTED")) {
            rejectedBy.computeIfAbsent(labelKey(a.path("recordId").asText(), a.path("annotator").asText()),
                    k -> new ArrayList<>()).add(a.path("reason").asText());
        }
        List<SendLog.LabelSent> labels = log.labels();
        Map<String, Integer> sentPerKey = new HashMap<>();
        for (SendLog.LabelSent l : labels) sentPerKey.merge(labelKey(l.recordId(), l.annotator()), 1, Integer::sum);
        List<SendLog.Outage> outages = log.longOutages();
        Set<String> sentKeys = new HashSet<>();
        long onTime = 0, appliedN = 0, expected = 0, unexpected = 0, onTimeRejected = 0, onTimeLate = 0, afterOutage = 0,
                onTimeNone = 0, lateNone = 0;
        Map<String, Long> reasons = new java.util.TreeMap<>();
        Map<String, Long> lateReasons = new java.util.TreeMap<>();
        List<SendLog.LabelSent> examples = new ArrayList<>();
        Map<String, Integer> examplesByReason = new HashMap<>(); // a few of each kind of unexpected rejection
        for (SendLog.LabelSent l : labels) {
            String key = labelKey(l.recordId(), l.annotator());
            sentKeys.add(key);
            boolean applied = appliedBy.containsKey(key);
            List<String> rejected = rejectedBy.getOrDefault(key, List.of());
            if (l.onTime()) onTime++;
            if (applied) appliedN++;
            if (applied && !rejected.isEmpty()) {
                unexpected++; // one label, two outcomes
                lateReasons.merge("applied and rejected " + rejected, 1L, Long::sum);
                if (examplesByReason.merge("applied+" + rejected, 1, Integer::sum) <= 2) examples.add(l);
                continue;
            }
            if (rejected.isEmpty()) {
                if (!applied) {
                    if (l.onTime()) onTimeNone++;
                    else lateNone++;
                }
                continue;
            }
            String reason = rejected.get(0);
            // a reviewer's late answer and their late correction of it are two labels, each refused as late
            if (rejected.size() <= sentPerKey.get(key) && !l.onTime() && rejected.stream().allMatch(LATE::equals)) {
                expected++;
                continue;
            }
            unexpected++;
            if (examplesByReason.merge((l.onTime() ? "on time " : "late ") + rejected, 1, Integer::sum) <= 2) examples.add(l);
            if (!l.onTime()) lateReasons.merge(String.join(",", rejected), 1L, Long::sum);
            if (l.onTime()) {
                onTimeRejected++;
                reasons.merge(reason, 1L, Long::sum);
                if (rejected.size() == 1 && LATE.equals(reason)) {
                    onTimeLate++;
                    if (outages.stream().anyMatch(o -> o.fromMs() <= l.deadlineMs() && l.deadlineMs() <= o.toMs() + CATCH_UP_MS)) {
                        afterOutage++;
                    }
                }
            }
        }
        long foreign = appliedBy.keySet().stream().filter(k -> !sentKeys.contains(k)).mapToLong(appliedBy::get).sum()
                + rejectedBy.entrySet().stream().filter(e -> !sentKeys.contains(e.getKey())).mapToLong(e -> e.getValue().size()).sum();
        long otherUnexpected = unexpected - onTimeRejected;
        Map<String, Long> hardReasons = new java.util.TreeMap<>(reasons);
        hardReasons.merge(LATE, -onTimeLate, Long::sum);
        hardReasons.values().removeIf(v -> v == 0);
        check(problems, onTimeRejected - onTimeLate == 0, (onTimeRejected - onTimeLate) + " honest on-time labels rejected "
                + hardReasons);
        check(problems, onTimeLate == 0, onTimeLate + " honest on-time labels rejected as " + LATE + " ("
                + afterOutage + " after an outage longer than the review deadline)");
        check(problems, otherUnexpected == 0, otherUnexpected + " late labels rejected for another reason than " + LATE
                + ", or applied and rejected both " + lateReasons);

        check(problems, onTimeNone == 0, onTimeNone + " on-time labels neither applied nor rejected");
        check(problems, foreign == 0, foreign + " label outcomes for labels the team never sent");
        check(problems, log.failedLabels() == 0, log.failedLabels() + " labels the team could not send");
        return new Oracle(sentIds.size(), failed.size(), undecided, twice, unsent, topicMismatch, labels.size(), onTime,
                appliedN, expected, unexpected, onTimeRejected, onTimeLate, afterOutage, onTimeNone, lateNone, foreign, reasons,
                lateReasons, examples.isEmpty() ? "" : examples(out, examples));
    }

    /** What the team sent and what the job made of it, for a few labels: the diagnosis of a rejection. */
    private static String examples(CommittedOutputs out, List<SendLog.LabelSent> labels) {
        Map<String, List<String>> events = new HashMap<>();
        for (SendLog.LabelSent l : labels) events.put(l.recordId(), new ArrayList<>());
        for (JsonNode r : out.reviewRequests) {
            List<String> e = events.get(r.path("recordId").asText());
            if (e != null) e.add("request at " + r.path("requestedAt").asLong() + " deadline " + r.path("deadline").asLong());
        }
        for (JsonNode a : out.audit) {
            List<String> e = events.get(a.path("recordId").asText());
            if (e != null && !"SCORED".equals(a.path("type").asText())) {
                e.add(a.path("type").asText() + " at " + a.path("ts").asLong() + " " + a.path("annotator").asText("")
                        + " " + a.path("reason").asText(""));
            }
        }
        StringBuilder b = new StringBuilder();
        for (SendLog.LabelSent l : labels) {
            b.append(String.format(Locale.ROOT, "[%s by %s sent at %d, %d ms %s its deadline %d; job: %s] ", l.recordId(),
                    l.annotator(), l.sentAtMs(), Math.abs(l.deadlineMs() - l.sentAtMs()), l.onTime() ? "before" : "after",
                    l.deadlineMs(), String.join("; ", events.get(l.recordId()))));
        }
        return b.toString();
    }

    private static String labelKey(String recordId, String annotator) {
        return SendLog.key(recordId, annotator);
    }

    /**
     * Replays the known errors the Learner took after one version (their steps only ever raise the offset, so
     * their order among themselves does not matter): each must be taken again, by the version serving then.
     */
    private static long applyKnownErrors(LearnerCore core, List<JsonNode> known, Set<Long> needed,
                                         Map<Long, ModelSnapshot> kept, List<String> problems) {
        if (known == null) return 0;
        for (JsonNode k : known) {
            long serving = core.serving() == null ? -1 : core.serving().version();
            var taken = core.knownError(new io.triage.event.KnownError(k.path("model").asText(),
                    k.path("recordId").asText(), serving, k.path("predicted").asText(),
                    k.path("confidence").asDouble(), k.path("label").asText(), k.path("reason").asText(), 0L), 0L);
            if (taken == null) {
                problems.add("known error of " + k.path("recordId").asText() + " not taken on replay");
            } else if (Math.abs(core.policy().report().controllerOffset() - k.path("controllerOffset").asDouble()) > 1e-12) {
                problems.add("known error of " + k.path("recordId").asText() + ": offset " + k.path("controllerOffset").asDouble()
                        + " in the job, " + core.policy().report().controllerOffset() + " on replay");
            }
            ModelSnapshot snap = core.snapshot(0L);
            if (needed.contains(snap.policyVersion())) kept.putIfAbsent(snap.policyVersion(), snap);
        }
        return known.size();
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) problems.add(problem);
    }
}
