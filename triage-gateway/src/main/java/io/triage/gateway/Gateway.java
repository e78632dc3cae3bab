package io.triage.gateway;

import io.triage.codec.LabelDecoder;
import io.triage.codec.ReviewRequestDecoder;
import io.triage.security.KeyRing;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;

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
     */
    public record Settings(String host, int port, long leaseMs, int requestsPerMinute,
                           GatewayServer.ArgillaEndpoint argilla, GatewayServer.LabelStudioEndpoint labelStudio,
                           String appealsToken) {
        public static Settings local(int port) {
            return new Settings("127.0.0.1", port, 5 * 60_000L, 600, null, null, null);
        }

        public Settings withArgilla(GatewayServer.ArgillaEndpoint endpoint) {
            return new Settings(host, port, leaseMs, requestsPerMinute, endpoint, labelStudio, appealsToken);
        }

        public Settings withLabelStudio(GatewayServer.LabelStudioEndpoint endpoint) {
            return new Settings(host, port, leaseMs, requestsPerMinute, argilla, endpoint, appealsToken);
        }

        public Settings withAppealsToken(String token) {
            return new Settings(host, port, leaseMs, requestsPerMinute, argilla, labelStudio, token);
        }
    }

    private final TopicFeed feed;
    private final LabelWriter writer;
    private final GatewayServer server;

    private Gateway(TopicFeed feed, LabelWriter writer, GatewayServer server) {
        this.feed = feed;
        this.writer = writer;
        this.server = server;
    }

    public static Gateway start(JobSpec spec, KeyRing keys, ReviewerTokens tokens, Settings settings) {
        if (spec.review().requireSignatures() && !keys.hasJobSecret()) {
            throw new IllegalStateException("review.requireSignatures: the keys file has no 'job' secret to verify "
                    + "review requests with");
        }
        ReviewQueue queue = new ReviewQueue(settings.leaseMs());
        ReviewRequestDecoder requests = new ReviewRequestDecoder(ReviewRequestDecoder.limits(spec),
                new ReviewRequestSigner(keys.reviewRequestKey()));
        LabelDecoder labels = new LabelDecoder(spec.maxRecordBytes(), keys, spec.review().requireSignatures());
        TopicFeed feed = new TopicFeed(spec, queue, requests, labels).start();
        LabelWriter writer = new LabelWriter(spec.kafka().bootstrap(), spec.kafka().properties(),
                spec.kafka().topics().labels(), spec.kafka().topics().appeals(), keys);
        GatewayServer server = new GatewayServer(spec, queue, tokens, writer, feed, settings.requestsPerMinute(),
                System::currentTimeMillis, settings.argilla(), settings.labelStudio(), settings.appealsToken()).start(settings.host(), settings.port());
        return new Gateway(feed, writer, server);
    }

    public int port() {
        return server.port();
    }

    public boolean caughtUp() {
        return feed.caughtUp();
    }

    @Override
    public void close() {
        server.close();
        feed.close();
        writer.close();
    }
}
