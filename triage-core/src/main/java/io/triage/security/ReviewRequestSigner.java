package io.triage.security;

import io.triage.codec.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.triage.event.AppealContext;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's signature on the review requests it writes, checked when it reads them back: HMAC-SHA256, lowercase
 * hex, under the key derived from the job secret ({@link KeyRing#reviewRequestKey()}), over every field but the
 * signature in a fixed binary layout (length-prefixed UTF-8 strings, doubles by their bits). The layout is
 * explicit rather than the JSON text so that it does not change with the JSON writer, and JSON round-trips every
 * finite double exactly. Without a key it neither signs nor checks (the read-back still checks ranges).
 * <p>
 * Layout v2 (this build: {@code features} travel as a JSON object) signs the features as their canonical JSON text
 * (Jackson's compact form of the parsed object: what a reader gets back from the object whatever the whitespace or
 * escapes of the writer). Layout v1, {@link #verifyPrevious}, is the previous build's (features travelled as a JSON
 * string and were signed as that string): requests it wrote, e.g. still in the topic over an upgrade, stay valid.
 * Fields added since (an appeal, contributions, annotator accuracies) enter the layout only when present, each
 * behind its name, so a request without them is signed as before and none can be stripped or added unnoticed.
 */
public final class ReviewRequestSigner {
    private static final String VERSION = "triage-review-request-v2";
    private static final String PREVIOUS = "triage-review-request-v1";
    private final HmacKey key;

    public ReviewRequestSigner(byte[] key) {
        this.key = key == null ? null : new HmacKey(key);
    }

    public boolean enabled() {
        return key != null;
    }

    /** The request with its signature (unchanged when there is no key). */
    public ReviewRequest sign(ReviewRequest r) {
        return signWithFeatures(r, canonicalJson(r.features()));
    }

    /**
     * As {@link #sign}, for a request whose features are already canonical (Jackson's compact text of a parsed object,
     * as {@code ReviewFeatures.bounded} makes them): they are not parsed again.
     */
    public ReviewRequest signCanonical(ReviewRequest r) {
        return signWithFeatures(r, r.features());
    }

    private ReviewRequest signWithFeatures(ReviewRequest r, String canonicalFeatures) {
        return key == null ? r : r.withSignature(Hmac.hex(key.sha256(canonical(r, VERSION, canonicalFeatures))));
    }

    /** A request of this build (features read back from a JSON object). */
    public boolean verify(ReviewRequest r) {
        return verifyWithFeatures(r, canonicalJson(r.features()));
    }

    /**
     * As {@link #verify}, for a request whose features are already canonical (the compact text of the object just
     * parsed from the message, as the read-back has them): they are not parsed again.
     */
    public boolean verifyCanonical(ReviewRequest r) {
        return verifyWithFeatures(r, r.features());
    }

    private boolean verifyWithFeatures(ReviewRequest r, String canonicalFeatures) {
        return key != null && r.signature() != null
                && key.matches(canonical(r, VERSION, canonicalFeatures), r.signature());
    }

    /** A request the previous build wrote: features a JSON string, signed as that string. */
    public boolean verifyPrevious(ReviewRequest r) {
        return key != null && r.signature() != null && key.matches(canonical(r, PREVIOUS, r.features()), r.signature());
    }

    /** Features JSON as the reader of an object gets it back: Jackson's compact text of the parsed object. */
    private static String canonicalJson(String features) {
        if (features == null) return null;
        try {
            return Json.MAPPER.readTree(features).toString();
        } catch (JsonProcessingException e) {
            return features; // not JSON: signed as it is (and not writable as an object either)
        }
    }

    static byte[] canonical(ReviewRequest r, String version, String features) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (features == null ? 0 : features.length()));
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            str(o, version);
            str(o, r.recordId());
            str(o, r.model());
            o.writeLong(r.ts());
            str(o, features);
            ints(o, r.indices());
            doubles(o, r.values());
            str(o, r.predicted());
            if (r.classes() == null) {
                o.writeInt(-1);
            } else {
                o.writeInt(r.classes().length);
                for (String c : r.classes()) str(o, c);
            }
            doubles(o, r.scores());
            o.writeLong(Double.doubleToLongBits(r.confidence()));
            str(o, r.reason() == null ? null : r.reason().name());
            o.writeLong(Double.doubleToLongBits(r.priority()));
            o.writeLong(r.deadline());
            o.writeLong(r.modelVersion());
            o.writeLong(r.policyVersion());
            o.writeLong(Double.doubleToLongBits(r.labelWeight()));
            o.writeLong(r.requestedAt());
            if (r.appeal() != null) { // absent from the layout otherwise: earlier signatures stay valid
                AppealContext c = r.appeal();
                str(o, "appeal");
                str(o, c.appealId());
                str(o, c.reason());
                str(o, c.appellant());
                str(o, c.decision());
                str(o, c.source() == null ? null : c.source().name());
                str(o, c.annotator());
                o.writeLong(c.decidedAt());
            }
            if (r.contributions() != null) { // likewise: requests signed before contributions existed stay valid
                str(o, "contributions");
                o.writeInt(r.contributions().length);
                for (Contribution c : r.contributions()) {
                    str(o, c == null ? null : c.label());
                    o.writeLong(Double.doubleToLongBits(c == null ? Double.NaN : c.value()));
                }
            }
            if (r.annotatorAccuracy() != null) { // likewise: absent, the layout is the one before weighted consensus
                str(o, "annotatorAccuracy");
                o.writeInt(r.annotatorAccuracy().size());
                for (Map.Entry<String, Double> e : new TreeMap<>(r.annotatorAccuracy()).entrySet()) {
                    str(o, e.getKey());
                    o.writeLong(Double.doubleToLongBits(e.getValue() == null ? Double.NaN : e.getValue()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static void str(DataOutputStream o, String s) throws IOException {
        if (s == null) {
            o.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeInt(b.length);
        o.write(b);
    }

    private static void ints(DataOutputStream o, int[] a) throws IOException {
        o.writeInt(a == null ? -1 : a.length);
        if (a != null) for (int v : a) o.writeInt(v);
    }

    private static void doubles(DataOutputStream o, double[] a) throws IOException {
        o.writeInt(a == null ? -1 : a.length);
        if (a != null) for (double v : a) o.writeLong(Double.doubleToLongBits(v));
    }
}
