package io.triage.spec;

/** How a feature field is turned into model inputs. */
public enum FieldType {
    /** A number, standardised online (running mean and standard deviation). */
    NUMERIC,
    /** A string (or boolean): one hashed indicator per value. */
    CATEGORICAL,
    /** Free text: lower-cased tokens, each hashed as an indicator. */
    TEXT;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static FieldType parse(String s) {
        return FieldType.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
