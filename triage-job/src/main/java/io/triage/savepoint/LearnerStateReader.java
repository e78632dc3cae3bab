package io.triage.savepoint;

import io.triage.export.ExportedVersion;
import io.triage.learn.LearnerStore;
import io.triage.stage.Learner;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/** Reads one model's version from the Learner's keyed state (keyed by model id) in a savepoint or checkpoint. */
final class LearnerStateReader extends KeyedStateReaderFunction<String, ExportedVersion> {
    private final String model;
    private final String selected;
    private transient LearnerStore store;

    LearnerStateReader(String model, String selected) {
        this.model = model;
        this.selected = selected;
    }

    @Override
    public void open(OpenContext ctx) {
        store = Learner.store(getRuntimeContext());
    }

    @Override
    public void readKey(String key, Context ctx, Collector<ExportedVersion> out) throws Exception {
        if (!model.equals(key)) return;
        ExportedVersion v = ExportedVersion.read(store, selected);
        if (v != null) out.collect(v);
    }
}
