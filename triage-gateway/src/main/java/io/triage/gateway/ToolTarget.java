package io.triage.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A labeling tool the review queue is pushed to: one task (or record) per open item. */
public interface ToolTarget {
    /** Its name in the stats and the log, e.g. {@code labelStudio}. */
    String name();


    /**
     * Creates the item's task.
     *
     * @param key  the item's key in the queue (one review of a record, or one appeal of it)
     * @param item the item as a reviewer sees it ({@link ReviewItemView}: no prediction for an audit)
     * @return the tool's id of the task
     */
    String push(String key, ObjectNode item) throws ToolHttp.ToolCallException;

    /** Deletes the task; one that is gone already counts as deleted. */
    void delete(String id) throws ToolHttp.ToolCallException;
}
