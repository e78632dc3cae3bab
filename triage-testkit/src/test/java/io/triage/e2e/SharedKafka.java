package io.triage.e2e;

import io.triage.local.EmbeddedKafka;

/**
 * One in-process broker for all end-to-end test classes of a test JVM (each uses its own topic prefix and
 * group id): started on first use, stopped when the JVM exits. Saves a broker start per class.
 */
final class SharedKafka {
    private static EmbeddedKafka broker;

    private SharedKafka() {}

    static synchronized EmbeddedKafka get() {
        if (broker == null) {
            broker = EmbeddedKafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "shared-kafka-stop"));
        }
        return broker;
    }
}
