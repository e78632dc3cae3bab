package io.triage.local;

import java.time.Duration;
import java.util.function.Consumer;

/** Follows a topic's committed messages on a background thread and hands each value to a consumer. */
public final class TopicFollower implements AutoCloseable {
    private final Thread thread;
    private volatile boolean stopped;

    public TopicFollower(String bootstrap, String topic, Consumer<String> onValue) {
        TopicTail tail = new TopicTail(bootstrap, topic);
        thread = new Thread(() -> {
            try (tail) {
                while (!stopped) {
                    for (String v : tail.poll(Duration.ofMillis(200))) onValue.accept(v);
                }
            }
        }, "follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
