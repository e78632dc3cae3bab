package io.triage.savepoint;

import io.triage.TriageJob;
import io.triage.export.ExportedVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/** A model version from a savepoint or retained checkpoint of the job, read with Flink's State Processor API. */
public final class SavepointModels {
    private SavepointModels() {}

    /**
     * The version of {@code model} the Learner's state holds (see {@link ExportedVersion#read}).
     *
     * @param path     a savepoint or retained checkpoint directory (or its _metadata), as a path or URI
     * @param selected {@link ExportedVersion#SERVING} or {@link ExportedVersion#LEARNING}
     * @throws IllegalArgumentException when the state has no such model
     */
    public static ExportedVersion read(String path, String model, String selected) throws Exception {
        Configuration c = new Configuration();
        c.setString("rest.bind-address", "127.0.0.1"); // a local batch job: nothing to serve beyond loopback
        c.setString("rest.address", "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, c);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        // the job checkpoints with RocksDB (incremental): its retained checkpoints need it; savepoints read either way
        SavepointReader savepoint = SavepointReader.read(env, path, new EmbeddedRocksDBStateBackend());
        List<ExportedVersion> found = new ArrayList<>();
        try (CloseableIterator<ExportedVersion> it = savepoint.readKeyedState(
                OperatorIdentifier.forUid(TriageJob.LEARNER_UID), new LearnerStateReader(model, selected),
                Types.STRING, TypeInformation.of(ExportedVersion.class)).executeAndCollect("triage export " + model)) {
            it.forEachRemaining(found::add);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("the Learner state in " + path + " has no model " + model
                    + " (no label applied to it yet, or another job's state)");
        }
        return found.get(0);
    }
}
