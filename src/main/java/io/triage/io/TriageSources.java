package io.triage.io;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job's three inputs as raw JSON strings; injected so that tests and demos can swap them. */
public interface TriageSources {
    DataStream<String> records(StreamExecutionEnvironment env);

    DataStream<String> labels(StreamExecutionEnvironment env);

    /** The review requests this job wrote, read back (read_committed): see DESIGN §1 for why. */
    DataStream<String> reviewRequests(StreamExecutionEnvironment env);
}
