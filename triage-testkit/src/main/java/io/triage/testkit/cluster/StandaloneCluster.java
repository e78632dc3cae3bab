package io.triage.testkit.cluster;

import io.triage.local.LocalPorts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster (one JobManager, one TaskManager) as two separate JVMs, started the
 * way Flink's bin/ scripts start them but from Maven-resolved jars (flink-dist is not on Maven Central):
 * BashJavaUtils computes the memory flags, then StandaloneSessionClusterEntrypoint and TaskManagerRunner
 * run with {@code --configDir} and dynamic properties ({@code -D key=value}). Everything binds to 127.0.0.1.
 * Talks to the cluster through {@link ClusterRest}. Used by {@code StandaloneClusterIT} and by
 * {@code triage chaos --standalone}, which kills the TaskManager.
 */
public final class StandaloneCluster implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    /** Flink's default env.java.opts.all on Java 17 (without it /jars/:id/run fails with InaccessibleObjectException). */
    static final List<String> JAVA17_OPENS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED");

    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final Path dir;
    private final Path confDir;
    /** The overrides of conf/config.yaml as "-D key=value" pairs: BashJavaUtils and both entrypoints take them. */
    private final List<String> dynamicProperties;
    private final int restPort;
    private final String classpath;
    // copy-on-write: the shutdown hook reads it from another thread
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    /** Kills the processes if this JVM ends without close() (Ctrl-C on bin/triage): none may outlive it. */
    private final Thread reaper = new Thread(() -> processes.forEach(Process::destroyForcibly), "standalone-cluster-reaper");
    private ClusterRest rest;
    private List<List<String>> taskManagerParams;
    private Process taskManager;
    private int taskManagers;

    private StandaloneCluster(Path dir, Path confDir, List<String> dynamicProperties, int restPort, String classpath) {
        this.dir = dir;
        this.confDir = confDir;
        this.dynamicProperties = dynamicProperties;
        this.restPort = restPort;
        this.classpath = classpath;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts the JobManager and TaskManager (not waiting for them) on the project's conf/ (config.yaml and
     * the log4j files, read in place) with loopback binds, free ports, state under {@code dir} and
     * {@code extra} as dynamic properties over the file's settings.
     */
    public static StandaloneCluster start(Path projectConf, Path dir, Map<String, String> extra) throws Exception {
        Path conf = projectConf.toAbsolutePath().normalize(); // the processes run in dir
        Files.createDirectories(dir);
        int restPort = LocalPorts.free();
        int rpcPort = LocalPorts.free();
        while (rpcPort == restPort) rpcPort = LocalPorts.free();
        Map<String, String> overrides = new LinkedHashMap<>();
        // local only: loopback binds and free ports
        overrides.put("jobmanager.rpc.address", HOST);
        overrides.put("jobmanager.bind-host", HOST);
        overrides.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        overrides.put("rest.address", HOST);
        overrides.put("rest.bind-address", HOST);
        overrides.put("rest.port", Integer.toString(restPort));
        overrides.put("taskmanager.host", HOST);
        overrides.put("taskmanager.bind-host", HOST);
        overrides.put("taskmanager.rpc.port", "0");
        overrides.put("taskmanager.data.port", "0");
        overrides.put("blob.server.port", "0");
        overrides.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        overrides.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        overrides.put("io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")).toString());
        overrides.put("web.tmpdir", dir.resolve("web").toString());
        overrides.put("web.upload.dir", dir.resolve("web-upload").toString());
        overrides.put("web.submit.enable", "true"); // loopback only: the cluster config turns it off
        overrides.putAll(extra);

        StandaloneCluster c = new StandaloneCluster(dir, conf, dynamicProperties(overrides), restPort, clusterClasspath());
        try {
            // both memory computations at once, then both processes (the TaskManager retries until the
            // JobManager's ResourceManager answers): on a 2-core box JVM start-up dominates
            CompletableFuture<List<List<String>>> tmParams = CompletableFuture.supplyAsync(() -> c.resourceParams("GET_TM_RESOURCE_PARAMS"));
            List<List<String>> jmParams = c.resourceParams("GET_JM_RESOURCE_PARAMS");
            c.startProcess("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", jmParams);
            c.taskManagerParams = tmParams.join();
            c.startTaskManager();
            c.rest = new ClusterRest(HOST, restPort, c::checkAlive);
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** "-D", "key=value" per entry: separate arguments, so values may hold spaces ("1 s"). */
    static List<String> dynamicProperties(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> {
            args.add("-D");
            args.add(k + "=" + v);
        });
        return List.copyOf(args);
    }

    /** The cluster's REST API. */
    public ClusterRest rest() {
        return rest;
    }

    private void startTaskManager() throws IOException {
        taskManagers++;
        startProcess("taskmanager" + (taskManagers == 1 ? "" : "-" + taskManagers),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", taskManagerParams);
        taskManager = processes.get(processes.size() - 1);
    }

    /**
     * Kills the TaskManager process with SIGKILL — a crashed machine: no clean shutdown, in-flight state and
     * open Kafka transactions lost — and starts a fresh one in its place.
     */
    public long killAndReplaceTaskManager() throws Exception {
        Process victim = taskManager;
        victim.destroyForcibly();
        if (!victim.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("TaskManager did not die");
        processes.remove(victim);
        startTaskManager();
        return victim.pid();
    }

    /**
     * The cluster's classpath: this JVM's classpath (Flink is a provided dependency, so flink-runtime,
     * flink-clients, flink-runtime-web, RocksDB and log4j are on it — in the tests, and under bin/triage through
     * target/classpath.txt) without the project's own classes and without what the job jar must bring itself:
     * the Kafka connector and Kafka (plus the broker's Scala) and the test frameworks. Flink loads
     * org.apache.flink.* parent-first, so a connector on the cluster classpath would hide a connector missing
     * from the jar. Entries are made absolute first: bin/triage puts a relative target/classes on it.
     */
    static String clusterClasspath() {
        Predicate<String> keep = p -> {
            String n = p.replace('\\', '/');
            return !n.endsWith("/target/classes") && !n.endsWith("/target/test-classes")
                    && !n.contains("/target/classes/") && !n.contains("/target/test-classes/")
                    && !(n.contains("/target/") && n.endsWith(".jar") && n.contains("triage-"))
                    && !n.contains("/org/apache/kafka/") && !n.contains("/org/scala-lang/")
                    && !n.contains("/org/apache/flink/flink-connector-kafka/")
                    && !n.contains("/org/junit/") && !n.contains("/org/opentest4j/")
                    && !n.contains("/org/apiguardian/") && !n.contains("/surefire/")
                    && !n.contains("/flink-test-utils") && !n.endsWith("-tests.jar");
        };
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().normalize())
                .filter(p -> !Files.isDirectory(p.resolve("io/triage"))) // the project's classes, wherever they are
                .map(Path::toString)
                .filter(keep).collect(Collectors.joining(File.pathSeparator));
        for (String needed : List.of("flink-runtime-2", "flink-runtime-web", "flink-clients", "flink-statebackend-rocksdb", "log4j-core")) {
            if (!cp.contains(needed)) {
                throw new IllegalStateException("no " + needed + " on this JVM's classpath (Flink's provided jars: run "
                        + "from Maven's test classpath or through bin/triage): " + cp);
            }
        }
        return cp;
    }

    /** Runs BashJavaUtils as Flink's config.sh does: two result lines, JVM flags and dynamic -D settings. */
    private List<List<String>> resourceParams(String command) {
        try {
            return resourceParamsOrThrow(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<List<String>> resourceParamsOrThrow(String command) throws IOException, InterruptedException {
        Path out = dir.resolve(command.toLowerCase() + ".out");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j.configurationFile=" + confDir.resolve("log4j-console.properties").toUri(),
                "-cp", classpath, BASH_JAVA_UTILS, command, "--configDir", confDir.toString()));
        cmd.addAll(dynamicProperties); // the memory sizes may be among them
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " timed out");
        }
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()).strip()).toList();
        if (p.exitValue() != 0 || results.size() < 2) {
            throw new IllegalStateException(command + " failed (" + p.exitValue() + "): " + Files.readString(out));
        }
        // the last two lines: JVM parameters, then "-D key=value -D key=value …"
        List<String> jvm = split(results.get(results.size() - 2));
        List<String> dynamic = split(results.get(results.size() - 1));
        return List.of(jvm, dynamic);
    }

    private static List<String> split(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private void startProcess(String name, String mainClass, List<List<String>> params) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(params.get(0));
        // few GC and JIT threads: JobManager, TaskManager, broker and driver share two cores
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(JAVA17_OPENS);
        cmd.add("-Dlog.file=" + dir.resolve(name + ".log"));
        cmd.add("-Dlog4j.configuration=file:" + confDir.resolve("log4j.properties"));
        cmd.add("-Dlog4j.configurationFile=file:" + confDir.resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(confDir.toString());
        cmd.addAll(dynamicProperties);
        cmd.addAll(params.get(1)); // BashJavaUtils' memory settings, computed with the overrides above
        Files.writeString(dir.resolve(name + ".cmd"), String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
        processes.add(p);
    }

    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** The directory holding the process logs and command lines, and the checkpoints. */
    public Path dir() {
        return dir;
    }

    public int restPort() {
        return restPort;
    }

    /** Fails fast if a cluster process died. */
    public void checkAlive() {
        for (Process p : processes) {
            if (!p.isAlive()) throw new IllegalStateException("cluster process " + p.pid() + " exited with " + p.exitValue()
                    + "; logs in " + dir);
        }
    }

    /** The last lines of every process log, for failure messages. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                sb.append("==== ").append(f).append('\n');
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** Stops the TaskManager, then the JobManager: SIGTERM, and SIGKILL after a grace period. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the reaper runs anyway
        }
        if (rest != null) rest.close();
        List<Process> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (Process p : reversed) p.destroy();
        for (Process p : reversed) {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean anyAlive() {
        return processes.stream().anyMatch(Process::isAlive);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
