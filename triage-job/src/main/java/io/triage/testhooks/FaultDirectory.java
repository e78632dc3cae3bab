package io.triage.testhooks;

import io.triage.testhooks.FaultHooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link FaultSwitch} across processes: on a standalone cluster the operators run in a TaskManager JVM, so the
 * driver cannot flip a static field there. Instead both sides share a directory (local disk here; every
 * TaskManager must see it):
 * <ul>
 *   <li>the driver arms a target by creating {@code armed-<TARGET>};</li>
 *   <li>a hook that sees that file renames it to {@code tripped-<TARGET>-<uuid>} and throws — the rename is
 *       atomic, so of all subtasks that see the file exactly one wins, and the renamed file is the record of
 *       the trip that the driver counts;</li>
 *   <li>the driver disarms by deleting {@code armed-<TARGET>}: if the delete finds nothing, a hook won the race.</li>
 * </ul>
 * A hook looks at the directory at most every {@link #CHECK_EVERY_NANOS} (a clock read per element, no system
 * call), so the switch costs the job nothing measurable while it is not armed.
 */
public final class FaultDirectory {
    /** How often a hook looks for its file: short against the schedule's seconds, long against records. */
    static final long CHECK_EVERY_NANOS = 25_000_000L;
    private static final String ARMED = "armed-";
    private static final String TRIPPED = "tripped-";

    private final Path dir;

    public FaultDirectory(Path dir) {
        try {
            this.dir = Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Arms a target: the next element a hook of that target sees after its next look fails its task. */
    public void arm(FaultSwitch.Target t) throws IOException {
        arm(t, FaultSwitch.Phase.ELEMENT);
    }

    /** Arms a target in a phase: the hook of that target fails at that moment of the next checkpoint. */
    public void arm(FaultSwitch.Target t, FaultSwitch.Phase p) throws IOException {
        try {
            Files.createFile(armedFile(dir, t, p));
        } catch (FileAlreadyExistsException e) {
            // already armed: still one failure to come
        }
    }

    /** Disarms a target; false if nothing was armed any more (a hook tripped it first). */
    public boolean disarm(FaultSwitch.Target t) throws IOException {
        return disarm(t, FaultSwitch.Phase.ELEMENT);
    }

    public boolean disarm(FaultSwitch.Target t, FaultSwitch.Phase p) throws IOException {
        return Files.deleteIfExists(armedFile(dir, t, p));
    }

    public boolean armed(FaultSwitch.Target t) {
        return armed(t, FaultSwitch.Phase.ELEMENT);
    }

    public boolean armed(FaultSwitch.Target t, FaultSwitch.Phase p) {
        return Files.exists(armedFile(dir, t, p));
    }

    /** Trips so far, all targets (the renamed files). */
    public long tripped() throws IOException {
        return count(TRIPPED);
    }

    /** Trips so far of one target, all phases. */
    public long tripped(FaultSwitch.Target t) throws IOException {
        return count(TRIPPED + t.name() + "-");
    }

    private long count(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }

    /**
     * Arms a target, waits until a hook trips it or {@code timeout} passes, and disarms it in the latter case;
     * true if the failure was injected. Blocking, like {@link FaultSwitch#inject}.
     */
    public boolean inject(FaultSwitch.Target t, Duration timeout) throws IOException, InterruptedException {
        return inject(t, FaultSwitch.Phase.ELEMENT, timeout);
    }

    public boolean inject(FaultSwitch.Target t, FaultSwitch.Phase p, Duration timeout) throws IOException, InterruptedException {
        arm(t, p);
        long until = System.nanoTime() + timeout.toNanos();
        while (armed(t, p) && System.nanoTime() < until) Thread.sleep(20);
        return !disarm(t, p); // the delete and a hook's rename cannot both succeed
    }

    /** Hooks in front of the Scorer, the LabelJoiner and the Learner that trip on files in {@code dir}, every phase. */
    public static FaultHooks hooks(Path dir) {
        String d = dir.toAbsolutePath().toString();
        return new FaultHooks(new ChaosHook<>(new Trip(d), FaultSwitch.Target.SCORER),
                new ChaosHook<>(new Trip(d), FaultSwitch.Target.JOINER), new ChaosHook<>(new Trip(d), FaultSwitch.Target.LEARNER));
    }

    private static Path armedFile(Path dir, FaultSwitch.Target t, FaultSwitch.Phase p) {
        return dir.resolve(ARMED + t.name() + (p == FaultSwitch.Phase.ELEMENT ? "" : "-" + p.name()));
    }

    /**
     * The trigger of a hook: one per subtask after deserialisation, each with its own check clock for elements
     * (the checkpoint phases come once a checkpoint and look every time).
     */
    static final class Trip implements ChaosHook.Trigger {
        private static final long serialVersionUID = 1L;
        private final String dir; // a String: Path is not Serializable
        private transient long nextCheck;
        private transient boolean started;

        Trip(String dir) {
            this.dir = dir;
        }

        @Override
        public boolean claim(FaultSwitch.Target target, FaultSwitch.Phase phase) {
            if (phase == FaultSwitch.Phase.ELEMENT) {
                long now = System.nanoTime();
                if (!started) { // first element of this subtask
                    started = true;
                    nextCheck = now;
                }
                if (now - nextCheck < 0) return false;
                nextCheck = now + CHECK_EVERY_NANOS;
            }
            Path armed = armedFile(Path.of(dir), target, phase);
            return Files.exists(armed) && claim(armed, target);
        }

        /** Renames the armed file to a tripped marker; false if another subtask or the driver got there first. */
        private boolean claim(Path armed, FaultSwitch.Target target) {
            Path marker = armed.resolveSibling(TRIPPED + target.name() + "-" + UUID.randomUUID());
            try {
                Files.move(armed, marker, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("fault directory " + dir + " cannot rename atomically", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
