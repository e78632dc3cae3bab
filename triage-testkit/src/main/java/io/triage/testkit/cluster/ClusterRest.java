package io.triage.testkit.cluster;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.FileUpload;
import org.apache.flink.runtime.rest.RestClient;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;
import org.apache.flink.runtime.rest.util.RestConstants;
import org.apache.flink.runtime.webmonitor.handlers.JarRunHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarRunMessageParameters;
import org.apache.flink.runtime.webmonitor.handlers.JarRunRequestBody;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadResponseBody;
import org.apache.flink.util.concurrent.Executors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The session cluster's REST API through Flink's own client: {@link RestClusterClient} for the overview, job
 * status, details and cancellation, and its typed message headers (flink-runtime-web's jar routes) for the rest.
 * The jar is uploaded and run through the REST API, so that main() builds the job inside the JobManager from the
 * uploaded jar alone, as a deployment does, not in this JVM whose classpath holds the project's classes.
 */
public final class ClusterRest implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Configuration config = new Configuration();
    private final RestClusterClient<StandaloneClusterId> client;
    /** Fails fast when a cluster process died, instead of polling until the timeout. */
    private final Runnable checkAlive;

    ClusterRest(String host, int port, Runnable checkAlive) throws Exception {
        config.set(RestOptions.ADDRESS, host);
        config.set(RestOptions.PORT, port);
        // no retries inside the client: the waits below poll, and check between polls that the processes live
        config.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
        this.client = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
        this.checkAlive = checkAlive;
    }

    /** Waits until the cluster shows {@code taskManagers} TaskManagers with slots. */
    public ClusterOverviewWithVersion awaitTaskManagers(int taskManagers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            checkAlive.run();
            try {
                ClusterOverviewWithVersion o = await(client.getClusterOverview(), Duration.ofSeconds(10));
                if (o.getNumTaskManagersConnected() >= taskManagers && o.getNumSlotsTotal() > 0) return o;
            } catch (ExecutionException | TimeoutException e) {
                last = e; // REST endpoint not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("cluster not up within " + timeout, last);
    }

    /**
     * POST /jars/upload; returns the jar id. RestClusterClient has no jar routes, so a plain {@link RestClient}
     * sends the multipart upload.
     */
    public String uploadJar(Path jar) throws Exception {
        RestClient upload = new RestClient(config, Executors.directExecutor());
        try {
            JarUploadResponseBody r = await(upload.sendRequest(config.get(RestOptions.ADDRESS), config.get(RestOptions.PORT),
                    JarUploadHeaders.getInstance(), EmptyMessageParameters.getInstance(), EmptyRequestBody.getInstance(),
                    List.of(new FileUpload(jar, RestConstants.CONTENT_TYPE_JAR))), Duration.ofSeconds(60));
            // a failed upload fails the future (an error response); a success names the stored file
            String file = r.getFilename();
            return file.substring(file.lastIndexOf('/') + 1);
        } finally {
            upload.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    /** POST /jars/:id/run (main() runs in the JobManager and returns once the job is submitted); the job id. */
    public JobID runJar(String jarId, String entryClass, List<String> args, int parallelism) throws Exception {
        JarRunMessageParameters params = JarRunHeaders.getInstance().getUnresolvedMessageParameters();
        params.jarIdPathParameter.resolve(jarId);
        JarRunRequestBody body = new JarRunRequestBody(entryClass, args, parallelism, null, null, null, null, Map.of());
        return await(client.sendRequest(JarRunHeaders.getInstance(), params, body), Duration.ofSeconds(120)).getJobId();
    }

    /** The job's state, empty if the cluster does not know it. */
    public Optional<JobStatus> jobState(JobID jobId) throws Exception {
        return await(client.listJobs(), CALL_TIMEOUT).stream().filter(j -> j.getJobId().equals(jobId))
                .map(JobStatusMessage::getJobState).findFirst();
    }

    /** Waits until the job and all its tasks run (sources assigned their splits only then). */
    public void awaitRunning(JobID jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus state = null;
        while (System.nanoTime() < deadline) {
            checkAlive.run();
            JobDetailsInfo job = await(client.getJobDetails(jobId), CALL_TIMEOUT);
            state = job.getJobStatus();
            if (state.isGloballyTerminalState()) {
                throw new IllegalStateException("job " + jobId + " is " + state + ": " + exceptions(jobId));
            }
            boolean allRunning = !job.getJobVertexInfos().isEmpty() && job.getJobVertexInfos().stream()
                    .allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING);
            if (state == JobStatus.RUNNING && allRunning) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + jobId + " not running within " + timeout + " (" + state + ")");
    }

    /** Cancels the job and waits for CANCELED; returns the last state seen. */
    public Optional<JobStatus> cancel(JobID jobId, Duration timeout) throws Exception {
        await(client.cancel(jobId), CALL_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<JobStatus> state = jobState(jobId);
        while (state.filter(s -> s == JobStatus.CANCELED).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = jobState(jobId);
        }
        return state;
    }

    public CheckpointingStatistics checkpoints(JobID jobId) throws Exception {
        JobMessageParameters params = CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
        params.jobPathParameter.resolve(jobId);
        return await(client.sendRequest(CheckpointingStatisticsHeaders.getInstance(), params, EmptyRequestBody.getInstance()),
                CALL_TIMEOUT);
    }

    private String exceptions(JobID jobId) throws Exception {
        JobExceptionsMessageParameters params = JobExceptionsHeaders.getInstance().getUnresolvedMessageParameters();
        params.jobPathParameter.resolve(jobId);
        return await(client.sendRequest(JobExceptionsHeaders.getInstance(), params, EmptyRequestBody.getInstance()),
                CALL_TIMEOUT).toString();
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout) throws Exception {
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
