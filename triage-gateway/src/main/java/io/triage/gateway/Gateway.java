package io.triage.gateway;

import io.triage.codec.LabelDecoder;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.security.KeyRing;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The review gateway of one job: follows its topics into a {@link ReviewQueue}, serves the queue and takes labels
 * over HTTP ({@link GatewayServer}), writes them signed ({@link LabelWriter}).
 */
public final class Gateway implements AutoCloseable {
    /**
     * @param host             interface to listen on (127.0.0.1 unless a deployment says otherwise)
     * @param port             0: any free port
     * @param leaseMs          how long a claimed item stays with its reviewer
     * @param requestsPerMinute per reviewer
     * @param argilla          Argilla's webhook endpoint, null for none
     * @param labelStudio      Label Studio's webhook endpoint, null for none
     * @param appealsToken     the bearer token of the system that files appeals (POST /v1/appeals), null: none
     * @param pushes           labeling tools the open items are pushed to
     */
    public record Settings(String host, int port, long leaseMs, int requestsPerMinute,
                           GatewayServer.ArgillaEndpoint argilla, GatewayServer.LabelStudioEndpoint labelStudio,
                           String appealsToken, List<Push> pushes) {
        public static Settings local(int port) {
            return new Settings("127.0.0.1", port, 5 * 60_000L, 600, null, null, null, List.of());
        }

        public Settings withArgilla(GatewayServer.ArgillaEndpoint endpoint) {
            return new Settings(host, port, leaseMs, requestsPerMinute, endpoint, labelStudio, appealsToken, pushes);
        }

        public Settings withLabelStudio(GatewayServer.LabelStudioEndpoint endpoint) {
            return new Settings(host, port, leaseMs, requestsPerMinute, argilla, endpoint, appealsToken, pushes);
        }

        public Settings withAppealsToken(String token) {
            return new Settings(host, port, leaseMs, requestsPerMinute, argilla, labelStudio, token, pushes);
        }

        public Settings withPush(Push push) {
            List<Push> all = new ArrayList<>(pushes);
            all.add(push);
            return new Settings(host, port, leaseMs, requestsPerMinute, argilla, labelStudio, appealsToken, List.copyOf(all));
        }
    }

    /**
     * A labeling tool the open items are pushed to.
     *
     * @param stateFile where the tool's ids of the pushed items are kept across restarts
     */
    public record Push(ToolTarget target, Path stateFile, ToolPusher.Pace pace) {
        public Push(ToolTarget target, Path stateFile) {
            this(target, stateFile, ToolPusher.Pace.DEFAULT);
        }
    }

    private final TopicFeed feed;
    private final LabelWriter writer;
    private final GatewayServer server;
    private final List<ToolPusher> pushers;

    private Gateway(TopicFeed feed, LabelWriter writer, GatewayServer server, List<ToolPusher> pushers) {
        this.feed = feed;
        this.writer = writer;
        this.server = server;
        this.pushers = pushers;
    }

    public static Gateway start(JobSpec spec, KeyRing keys, ReviewerTokens tokens, Settings settings) {
        if (spec.review().requireSignatures() && !keys.hasJobSecret()) {
            throw new IllegalStateException("review.requireSignatures: the keys file has no 'job' secret to verify "
                    + "review requests with");
        }
        ReviewQueue queue = new ReviewQueue(settings.leaseMs(), spec.review().consensus());
        ReviewRequestDecoder requests = new ReviewRequestDecoder(ReviewRequestDecoder.limits(spec),
                new ReviewRequestSigner(keys.reviewRequestKey()));
        LabelDecoder labels = new LabelDecoder(spec.maxRecordBytes(), keys, spec.review().requireSignatures());
        TopicFeed feed = new TopicFeed(spec, queue, requests, labels).start();
        LabelWriter writer = new LabelWriter(spec.kafka().bootstrap(), spec.kafka().properties(),
                spec.kafka().topics().labels(), spec.kafka().topics().appeals(), keys);
        List<ToolPusher> pushers = new ArrayList<>();
        for (Push p : settings.pushes()) {
            pushers.add(new ToolPusher(p.target(), PushedItems.load(p.stateFile()), queue, spec.models(),
                    feed::caughtUp, System::currentTimeMillis, p.pace()).start());
        }
        GatewayServer server = new GatewayServer(spec, queue, tokens, writer, feed, settings.requestsPerMinute(),
                System::currentTimeMillis, settings.argilla(), settings.labelStudio(), settings.appealsToken(), pushers)
                .start(settings.host(), settings.port());
        return new Gateway(feed, writer, server, pushers);
    }

    public int port() {
        return server.port();
    }

    public boolean caughtUp() {
        return feed.caughtUp();
    }

    @Override
    public void close() {
        pushers.forEach(ToolPusher::close);
        server.close();
        feed.close();
        writer.close();
    }
}
