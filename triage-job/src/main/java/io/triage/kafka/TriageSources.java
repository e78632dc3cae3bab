package io.triage.kafka;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job's four inputs as raw JSON strings; injected so that tests and demos can swap them. */
public interface TriageSources {
    DataStream<String> records(StreamExecutionEnvironment env);

    DataStream<String> labels(StreamExecutionEnvironment env);

    /**
     * The review requests this job wrote, read back (read_committed): a label may only join a request whose
     * transaction committed, so a request lost in a failed checkpoint can never be answered, and the joiner's
     * state holds only what reviewers could actually see.
     */
    DataStream<String> reviewRequests(StreamExecutionEnvironment env);

    /** Appeals of decided records (an input like records and labels). */
    DataStream<String> appeals(StreamExecutionEnvironment env);

    /** The decisions this job wrote, read back (read_committed): what late ground truth is joined to. */
    DataStream<String> decisions(StreamExecutionEnvironment env);

    /** Late ground truth of decided records: chargebacks, confirmed diagnoses (an input like appeals). */
    DataStream<String> outcomes(StreamExecutionEnvironment env);
}
