package io.triage.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka broker (broker + controller) inside this JVM, bound to 127.0.0.1 only.
 * Wraps Kafka-internal classes (StorageTool, KafkaRaftServer) so the rest of the project never sees them.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int PORT_TRIES = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean tempDir;
    private final String bootstrapServers;
    private final Proxied proxied;
    private final SaslPlain sasl;
    private Admin admin;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean tempDir, String bootstrapServers,
                          Proxied proxied, SaslPlain sasl) {
        this.sasl = sasl;
        this.server = server;
        this.dataDir = dataDir;
        this.tempDir = tempDir;
        this.bootstrapServers = bootstrapServers;
        this.proxied = proxied;
    }

    /**
     * A second listener, {@code PROXIED}, for clients that reach the broker through a proxy: the broker listens on
     * {@code listenPort} and advertises {@code advertisedPort} (the proxy's, which forwards to {@code listenPort}),
     * so every connection a client opens after reading metadata goes through the proxy too.
     */
    public record Proxied(int listenPort, int advertisedPort) {
        public Proxied {
            if (listenPort <= 0 || advertisedPort <= 0) throw new IllegalArgumentException("ports must be fixed");
        }
    }

    /**
     * A third listener, {@code SASL_PLAINTEXT} on {@code port}, that lets in only the {@code users} (name →
     * password) with the PLAIN mechanism: for checking that the job reaches a broker that wants credentials with
     * what its Kafka client properties say, and nothing else.
     */
    public record SaslPlain(int port, java.util.Map<String, String> users) {
        public SaslPlain {
            if (port <= 0) throw new IllegalArgumentException("port must be fixed");
            users = java.util.Map.copyOf(users);
        }
    }

    /** Starts a broker on a free port with a temporary data dir (deleted on close). */
    public static EmbeddedKafka start() {
        return start(null, 0);
    }

    /**
     * Starts a broker.
     *
     * @param dataDir log/metadata directory; {@code null} for a temporary one deleted on close.
     *                An already formatted directory is reused (its data survives restarts).
     * @param port    PLAINTEXT port, or 0 to pick a free one
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /** As {@link #start(Path, int)}, with a {@link Proxied} listener in addition when {@code proxied} is set. */
    public static EmbeddedKafka start(Path dataDir, int port, Proxied proxied) {
        return start(dataDir, port, proxied, null);
    }

    /** As {@link #start(Path, int, Proxied)}, with a {@link SaslPlain} listener in addition when {@code sasl} is set. */
    public static EmbeddedKafka start(Path dataDir, int port, Proxied proxied, SaslPlain sasl) {
        boolean temp = dataDir == null;
        try {
            Path dir = temp ? Files.createTempDirectory("embedded-kafka-") : Files.createDirectories(dataDir);
            RuntimeException last = null;
            // Free ports are found by binding port 0 and releasing it: another process may grab it
            // before the broker binds, so a bind failure is retried with fresh ports.
            for (int attempt = 1; attempt <= PORT_TRIES; attempt++) {
                int brokerPort = port > 0 ? port : LocalPorts.free();
                int controllerPort = LocalPorts.free();
                while (controllerPort == brokerPort
                        || proxied != null && (controllerPort == proxied.listenPort() || controllerPort == proxied.advertisedPort())) {
                    controllerPort = LocalPorts.free();
                }
                try {
                    return startOnce(dir, temp, brokerPort, controllerPort, proxied, sasl);
                } catch (RuntimeException e) {
                    last = e;
                    if (!isBindFailure(e)) {
                        break;
                    }
                }
            }
            if (temp) {
                deleteRecursively(dir);
            }
            throw new IllegalStateException("Embedded Kafka did not start", last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedKafka startOnce(Path dir, boolean temp, int brokerPort, int controllerPort, Proxied proxied,
                                           SaslPlain sasl) throws IOException {
        Properties props = brokerProperties(dir, brokerPort, controllerPort);
        if (sasl != null) {
            props.put("listeners", props.get("listeners") + ",SASL_PLAINTEXT://" + HOST + ":" + sasl.port());
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SASL_PLAINTEXT://" + HOST + ":" + sasl.port());
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            sasl.users().forEach((u, pw) -> jaas.append(" user_").append(u).append("=\"").append(pw).append('"'));
            props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        if (proxied != null) {
            props.put("listeners", props.get("listeners") + ",PROXIED://" + HOST + ":" + proxied.listenPort());
            props.put("advertised.listeners", props.get("advertised.listeners") + ",PROXIED://" + HOST + ":" + proxied.advertisedPort());
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",PROXIED:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
        }
        format(dir, props);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        try {
            server.startup();
            String bootstrap = HOST + ":" + brokerPort;
            EmbeddedKafka kafka = new EmbeddedKafka(server, dir, temp, bootstrap, proxied, sasl);
            kafka.awaitReady();
            return kafka;
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw e;
        }
    }

    static Properties brokerProperties(Path dir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.toAbsolutePath().toString());
        // A single node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly, so typos fail loudly instead of creating topics.
        p.put("auto.create.topics.enable", "false");
        // KafkaSink defaults transaction.timeout.ms to 1 h; allow it (the broker default is 15 min).
        p.put("transaction.max.timeout.ms", "3600000");
        // abort timed-out transactions within a second (broker default: a sweep every 10 s), as tests of a
        // recovery longer than the transaction timeout expect
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        return p;
    }

    /** Writes meta.properties; an already formatted directory keeps its cluster id and data. */
    private static void format(Path dir, Properties props) throws IOException {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        Path propsFile = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
            props.store(w, "embedded Kafka");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()
            }, ps);
        }
        if (rc != 0) {
            throw new IllegalStateException("Kafka storage format failed (" + rc + "): " + out.toString(StandardCharsets.UTF_8));
        }
    }

    /** The broker accepts requests once Admin.describeCluster lists a node. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(100);
        }
        throw new IllegalStateException("Embedded Kafka not ready after " + READY_TIMEOUT, last);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The bootstrap for clients that go through the proxy (the {@link Proxied} listener's advertised address). */
    /** Bootstrap servers of the {@link SaslPlain} listener. */
    public String saslBootstrapServers() {
        if (sasl == null) throw new IllegalStateException("started without a SASL listener");
        return HOST + ":" + sasl.port();
    }

    public String proxiedBootstrapServers() {
        if (proxied == null) throw new IllegalStateException("started without a proxied listener");
        return HOST + ":" + proxied.advertisedPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A shared Admin client, closed with the broker. */
    public synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (admin == null) {
            admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        }
        return admin;
    }

    /** Creates topics with one replica; topics that already exist are left alone. */
    public void createTopics(int partitions, String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        Map<String, KafkaFuture<Void>> results = admin().createTopics(topics).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + r.getKey(), e.getCause());
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Cannot create topic " + r.getKey(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        closed = true;
        stopQuietly(server);
        if (tempDir) {
            deleteRecursively(dataDir);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // Shutting down a half-started server may fail; nothing more to release.
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof BindException || msg.contains("Address already in use") || msg.contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
