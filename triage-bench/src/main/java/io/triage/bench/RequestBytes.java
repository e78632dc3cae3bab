package io.triage.bench;

import io.triage.codec.Json;
import io.triage.event.LabeledExample;
import io.triage.event.ModelSnapshot;
import io.triage.event.Record;
import io.triage.event.ReviewRequest;
import io.triage.feature.FeatureSpace;
import io.triage.learn.LearnerCore;
import io.triage.local.FlightsReplayer;
import io.triage.local.LabeledRecord;
import io.triage.local.RecordStream;
import io.triage.local.TransactionsGenerator;
import io.triage.path.RecordOutcome;
import io.triage.path.RecordParser;
import io.triage.path.RecordPath;
import io.triage.path.RecordRouter;
import io.triage.path.ReviewExplainer;
import io.triage.policy.AuditDraw;
import io.triage.policy.StaleLease;
import io.triage.security.ReviewRequestSigner;
import io.triage.spec.JobSpec;
import io.triage.spec.ModelSpec;
import io.triage.spec.SpecLoader;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * Bytes per review request on the bundled flights and fraud streams, as the Scorer writes them (signed, explained),
 * this build's message against the previous build's (features a JSON string, the vector always carried), and what
 * each part takes: {@code bin/bench RequestBytes [records]}. Labels are the truth, answered at once.
 */
public final class RequestBytes {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.println("| stream | requests | previous build: bytes/request | this build: bytes/request | "
                + "of which features | the vector (left out but where the features were cut) | contributions |");
        System.out.println("|---|---|---|---|---|---|---|");
        run("flights", FlightsReplayer.fromResource(), n);
        run("fraud", new TransactionsGenerator(7), n);
    }

    private static void run(String name, RecordStream stream, int n) {
        JobSpec spec = SpecLoader.loadNamed(name);
        ModelSpec m = spec.models().get(0);
        RecordParser parser = new RecordParser(spec);
        RecordPath path = new RecordPath(new RecordRouter(AuditDraw.unkeyed()), StaleLease.none(), x -> 60_000L,
                new ReviewExplainer(spec.models()));
        ReviewRequestSigner signer = new ReviewRequestSigner(new byte[32]);
        LearnerCore core = new LearnerCore(m, new FeatureSpace(m));
        // without this build's mix-in: features as a string and the vector always there, as the previous build wrote
        var previous = Json.MAPPER.copy().setMixIns(Collections.emptyMap());
        ModelSnapshot snap = null;
        long requests = 0, bytes = 0, features = 0, vector = 0, contributions = 0, previousBytes = 0;
        try {
            for (int i = 0; i < n && stream.hasNext(); i++) {
                LabeledRecord lr = stream.next();
                Record r = parser.parse(lr.json(), i);
                RecordOutcome o = path.take(r, snap, i);
                ReviewRequest q = o.review();
                if (q == null) continue;
                q = signer.sign(q);
                requests++;
                bytes += utf8(Json.write(q));
                previousBytes += utf8(previous.writeValueAsString(q));
                features += utf8(q.features());
                vector += utf8(Json.write(q.indices())) + utf8(Json.write(q.values()));
                if (q.contributions() != null) contributions += utf8(Json.write(q.contributions()));
                core.learn(LabeledExample.answering(q, lr.truth(), "oracle", i), i);
                if (requests % 100 == 0) snap = core.snapshot(i);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        System.out.printf("| %s | %,d | %.0f | %.0f (%.2f ×) | %.0f | %.0f | %.0f |%n", name, requests,
                (double) previousBytes / requests, (double) bytes / requests, (double) bytes / previousBytes,
                (double) features / requests, (double) vector / requests, (double) contributions / requests);
    }

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
}
