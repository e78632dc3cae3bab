package io.triage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Notes when each checkpoint directory ({@code chk-N}) appears under a job's checkpoint root, polling every
 * 5 ms: close to the moment the checkpoint was triggered. Lets the latency part relate slow labels to
 * checkpoints.
 */
final class CheckpointWatch implements AutoCloseable {
    private final ConcurrentSkipListMap<Long, Long> seenAt = new ConcurrentSkipListMap<>(); // ms -> checkpoint
    private final Thread thread;
    private volatile boolean running = true;

    CheckpointWatch(Path root) {
        thread = new Thread(() -> {
            java.util.Set<String> known = new java.util.HashSet<>();
            while (running) {
                try (Stream<Path> jobs = Files.exists(root) ? Files.list(root) : Stream.empty()) {
                    for (Path job : jobs.toList()) {
                        try (Stream<Path> cps = Files.list(job)) {
                            for (Path c : cps.toList()) {
                                String n = c.getFileName().toString();
                                if (n.startsWith("chk-") && known.add(job + n)) {
                                    seenAt.put(System.currentTimeMillis(), Long.parseLong(n.substring(4)));
                                }
                            }
                        }
                    }
                    Thread.sleep(5);
                } catch (IOException ignored) {
                    // a directory vanished while listing: next poll
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "checkpoint-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Milliseconds from the last checkpoint seen at or before {@code ms} to {@code ms}; -1 if none. */
    long sinceLast(long ms) {
        Map.Entry<Long, Long> e = seenAt.floorEntry(ms);
        return e == null ? -1 : ms - e.getKey();
    }

    int count() {
        return seenAt.size();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
