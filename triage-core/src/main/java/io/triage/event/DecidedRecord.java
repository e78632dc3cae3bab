package io.triage.event;

/**
 * What the appeal desk learns of a record: its decision with the record's features (an appeal review shows the
 * record as it was decided), or that an appeal of it ended.
 *
 * @param model        model id
 * @param recordId     record id
 * @param decision     the record's new current decision; null when it did not change (an appeal upheld or expired)
 * @param features     the record's features as JSON (as given, or as in review requests); null: unchanged
 * @param appealClosed true when this ends an appeal of the record
 */
public record DecidedRecord(String model, String recordId, Decision decision, String features, boolean appealClosed) {
    public static DecidedRecord of(Decision d, String features) {
        return new DecidedRecord(d.model(), d.recordId(), d, features, false);
    }
}
