package io.triage.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.event.Label;
import io.triage.codec.Json;
import io.triage.security.KeyRing;
import io.triage.codec.LabelEncoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Simulated human reviewers, outside the Flink job, working exactly as a labeling tool would: they read
 * committed review requests, take them in turn (each reviewer one at a time, so the team has a finite
 * throughput), answer after a random delay, and are right with their own accuracy. With keys, each signs her
 * labels with her own key, as a labeling tool does for the person logged in.
 * <p>
 * With {@link #withConsensus consensus}, a request whose route needs k labels goes to k different reviewers,
 * and, as a labeling tool that knows the job's rule would, to one more (up to k + 2) while the labels given do not
 * decide. Single-label requests are handed out exactly as without it.
 */
public final class ReviewTeam implements AutoCloseable {
    /**
     * @param reviewers   reviewer ids
     * @param accuracy    per reviewer: probability of giving the true class
     * @param meanDelayMs mean time a reviewer spends on a request (exponential)
     * @param skipShare   share of requests nobody answers (they expire in the job)
     * @param seed        random seed
     * @param dropExpired whether a reviewer passes over requests past their deadline, as the gateway does (it offers
     *                    none): a team that falls behind then spends its time on requests it can still answer, not
     *                    on labels the job will refuse as late
     * @param correctionShare of a reviewer's wrong answers, the share they notice a moment later and correct (a
     *                        second label of the true class by the same reviewer, within the job's correction window)
     */
    public record Settings(List<String> reviewers, double[] accuracy, double meanDelayMs, double skipShare, long seed,
                           boolean dropExpired, double correctionShare) {
        /** A team that answers whatever it is sent, however late, and never corrects itself. */
        public Settings(List<String> reviewers, double[] accuracy, double meanDelayMs, double skipShare, long seed) {
            this(reviewers, accuracy, meanDelayMs, skipShare, seed, false, 0);
        }

        public Settings(List<String> reviewers, double[] accuracy, double meanDelayMs, double skipShare, long seed,
                        boolean dropExpired) {
            this(reviewers, accuracy, meanDelayMs, skipShare, seed, dropExpired, 0);
        }

        /** These settings, with reviewers who correct {@code share} of their wrong answers. */
        public Settings withCorrections(double share) {
            return new Settings(reviewers, accuracy, meanDelayMs, skipShare, seed, dropExpired, share);
        }

        public static Settings of(int reviewers, double accuracy, double meanDelayMs, double skipShare, long seed) {
            List<String> ids = new ArrayList<>();
            String[] names = {"alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi"};
            for (int i = 0; i < reviewers; i++) ids.add(i < names.length ? names[i] : "reviewer-" + i);
            double[] acc = new double[reviewers];
            java.util.Arrays.fill(acc, accuracy);
            return new Settings(ids, acc, meanDelayMs, skipShare, seed);
        }
    }

    private final Settings settings;
    private final Function<String, String> truth;
    private final TopicTail requests;
    private final KafkaProducer<String, String> labels;
    private final String labelsTopic;
    private final KeyRing keys;
    /** Highest priority first (audits, which the promise rests on, then the most uncertain), oldest first within. */
    private final BlockingQueue<Queued> inbox = new PriorityBlockingQueue<>(64,
            Comparator.comparingDouble((Queued q) -> -q.priority()).thenComparingLong(Queued::seq));
    private final AtomicLong arrivals = new AtomicLong();

    /** @param ballot for a request that needs several labels, who took it and what they answered; else null */
    private record Queued(double priority, long seq, JsonNode request, Ballot ballot) {}

    /** A consensus request's progress in the team. */
    private static final class Ballot {
        private final int needed;
        private final io.triage.spec.ConsensusRule rule;
        private final java.util.Set<String> takenBy = new java.util.HashSet<>();
        private final List<String> voters = new ArrayList<>();
        private final List<String> votes = new ArrayList<>();
        /** What WEIGHTED weighs the votes by, as the request carries it (null: every vote weighs alike). */
        private final java.util.Map<String, Double> accuracy;
        private final int classes;
        private int wanted;

        Ballot(int needed, io.triage.spec.ConsensusRule rule, java.util.Map<String, Double> accuracy, int classes) {
            this.needed = needed;
            this.rule = rule;
            this.accuracy = accuracy;
            this.classes = classes;
            this.wanted = needed;
        }

        /** Whether {@code who} may label it now (each reviewer once); true also means: taken. */
        synchronized boolean claim(String who) {
            if (takenBy.size() >= wanted || takenBy.contains(who)) return false;
            takenBy.add(who);
            return true;
        }

        synchronized boolean wantsMore() {
            return takenBy.size() < wanted;
        }

        /** Counts an answer; true if the labels so far do not decide and another reviewer is now wanted. */
        synchronized boolean answered(String who, String label) {
            voters.add(who);
            votes.add(label);
            if (votes.size() < wanted || wanted >= io.triage.review.Consensus.maxLabels(needed)) return false;
            double[] weights = io.triage.review.Consensus.weights(voters, accuracy, classes);
            if (io.triage.review.Consensus.tally(votes, weights, needed, rule).outcome()
                    != io.triage.review.Consensus.Outcome.WAIT) {
                return false;
            }
            wanted++;
            return true;
        }
    }

    private volatile io.triage.spec.ConsensusSpec consensus = io.triage.spec.ConsensusSpec.defaults();

    /** Gives requests as many labels as {@code c} asks for (call before {@link #start()}); returns this. */
    public ReviewTeam withConsensus(io.triage.spec.ConsensusSpec c) {
        this.consensus = c;
        return this;
    }

    private Ballot ballotFor(JsonNode request) {
        io.triage.event.Route route;
        try {
            route = io.triage.event.Route.valueOf(request.path("reason").asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String model = request.path("model").asText();
        int k = consensus.labelsNeeded(model, route);
        if (k <= 1) return null;
        java.util.Map<String, Double> accuracy = null;
        JsonNode a = request.path("annotatorAccuracy");
        if (a.isObject()) {
            accuracy = new java.util.TreeMap<>();
            for (var it = a.fields(); it.hasNext(); ) {
                var e = it.next();
                accuracy.put(e.getKey(), e.getValue().asDouble(Double.NaN));
            }
        }
        return new Ballot(k, consensus.rule(model), accuracy, request.path("classes").size());
    }
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong corrected = new AtomicLong();
    private volatile LabelListener listener;
    private volatile boolean stopped;

    public ReviewTeam(String bootstrap, String requestsTopic, String labelsTopic, Settings settings,
                      Function<String, String> truth) {
        this(bootstrap, requestsTopic, labelsTopic, settings, truth, KeyRing.none());
    }

    public ReviewTeam(String bootstrap, String requestsTopic, String labelsTopic, Settings settings,
                      Function<String, String> truth, KeyRing keys) {
        this.keys = keys;
        this.settings = settings;
        this.truth = truth;
        this.labelsTopic = labelsTopic;
        this.requests = new TopicTail(bootstrap, requestsTopic);
        this.labels = Producers.create(bootstrap, "triage-review-team", Map.of());
    }

    /** Told of every label the broker acknowledged (or refused), with the request it answers and when it was sent. */
    public interface LabelListener {
        void sent(JsonNode request, JsonNode label, long sentAtMs, Exception error);
    }

    /** Tells {@code l} of each label sent from now on (the chaos run's log of what the team sent); returns this. */
    public ReviewTeam onLabelSent(LabelListener l) {
        this.listener = l;
        return this;
    }

    public ReviewTeam start() {
        Thread reader = new Thread(this::read, "review-inbox");
        reader.setDaemon(true);
        threads.add(reader);
        for (int i = 0; i < settings.reviewers().size(); i++) {
            int who = i;
            Thread t = new Thread(() -> work(who), "reviewer-" + settings.reviewers().get(i));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        return this;
    }

    public long received() {
        return received.get();
    }

    public long answered() {
        return answered.get();
    }

    public long wrongAnswers() {
        return wrong.get();
    }

    public long skipped() {
        return skipped.get();
    }

    /** Wrong answers the reviewers corrected (each a second label). */
    public long corrected() {
        return corrected.get();
    }

    /** Requests received but not yet answered or skipped. */
    public long queued() {
        return inbox.size();
    }

    private void read() {
        while (!stopped) {
            try {
                for (String v : requests.poll(Duration.ofMillis(200))) {
                    JsonNode n = Json.MAPPER.readTree(v);
                    inbox.add(new Queued(n.path("priority").asDouble(0), arrivals.incrementAndGet(), n, ballotFor(n)));
                    received.incrementAndGet();
                }
            } catch (Exception e) {
                if (!stopped) sleep(200);
            }
        }
    }

    private void work(int who) {
        Random rnd = new Random(settings.seed() * 31 + who);
        String name = settings.reviewers().get(who);
        List<Queued> notForMe = new ArrayList<>(); // consensus requests this reviewer has already labeled
        while (!stopped) {
            JsonNode r;
            Queued q;
            try {
                q = inbox.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                r = q == null ? null : q.request();
            } catch (InterruptedException e) {
                return;
            }
            if (q != null && settings.dropExpired() && q.request().path("deadline").asLong(Long.MAX_VALUE)
                    <= System.currentTimeMillis()) {
                continue; // the job has expired it, or will before a label could reach it
            }
            if (q != null && q.ballot() != null) {
                if (!q.ballot().claim(name)) {
                    if (q.ballot().wantsMore()) notForMe.add(q);
                    continue;
                }
                if (q.ballot().wantsMore()) inbox.add(q); // for the next reviewer, meanwhile
            }
            inbox.addAll(notForMe);
            notForMe.clear();
            if (r == null) continue;
            String id = r.path("recordId").asText();
            if (name.equals(r.path("appeal").path("annotator").asText(null))) {
                // an appeal of this reviewer's own decision is for someone else on the team
                if (settings.reviewers().size() > 1) inbox.add(q);
                sleep(20);
                continue;
            }
            if (rnd.nextDouble() < settings.skipShare()) {
                skipped.incrementAndGet();
                continue;
            }
            if (settings.meanDelayMs() > 0) sleep((long) (-settings.meanDelayMs() * Math.log(1 - rnd.nextDouble())));
            String t = truth.apply(id);
            if (t == null) continue; // not a record this team knows: a real tool would show it to a person
            String answer = t;
            classesSeen.add(t);
            if (rnd.nextDouble() >= settings.accuracy()[who]) {
                answer = otherClass(r, t, rnd);
                if (!answer.equals(t)) wrong.incrementAndGet();
            }
            send(r, id, answer, name, name + "-" + id);
            answered.incrementAndGet();
            if (!answer.equals(t) && rnd.nextDouble() < settings.correctionShare()) {
                sleep(1 + rnd.nextInt(50)); // noticed a moment later
                send(r, id, t, name, name + "-" + id + "-corrected");
                corrected.incrementAndGet();
            }
            if (q.ballot() != null && q.ballot().answered(name, answer)) inbox.add(q); // no decision yet: one more reviewer
        }
    }

    private void send(JsonNode r, String id, String answer, String name, String eventId) {
        ObjectNode label = LabelEncoder.encode(new Label(id, r.path("model").asText(), answer, name,
                System.currentTimeMillis(), eventId), keys.annotatorKey(name));
        LabelListener log = listener;
        long sentAt = System.currentTimeMillis();
        labels.send(new ProducerRecord<>(labelsTopic, id, label.toString()),
                log == null ? null : (md, e) -> log.sent(r, label, sentAt, e));
    }

    /** True classes met so far: what a wrong answer picks from when the request names no classes (cold start). */
    private final java.util.Set<String> classesSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A wrong answer: another class the model knows, if any (else another class the team has met). */
    private String otherClass(JsonNode request, String truth, Random rnd) {
        List<String> others = new ArrayList<>();
        request.path("classes").forEach(c -> {
            if (!c.asText().equals(truth)) others.add(c.asText());
        });
        if (others.isEmpty()) {
            for (String c : classesSeen) if (!c.equals(truth)) others.add(c);
            java.util.Collections.sort(others); // the same answer for the same draw, run after run
        }
        return others.isEmpty() ? truth : others.get(rnd.nextInt(others.size()));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        labels.close(Duration.ofSeconds(5));
        requests.close();
    }
}
