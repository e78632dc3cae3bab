package io.triage.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.triage.codec.Json;
import io.triage.event.Contribution;
import io.triage.event.ReviewRequest;
import io.triage.event.Route;
import io.triage.spec.ModelSpec;

import java.time.Instant;
import java.util.List;

/**
 * What a reviewer is shown of a leased item: the record's fields, the classes to choose from, and — except for
 * audits — the model's prediction with the terms that pushed it most. An audit is blind and looks like any review (its reason is not shown
 * either): a reviewer who saw the prediction would lean toward it, and the audits are the unbiased sample
 * the precision estimate rests on. An appeal is not blind: it shows the contested decision, who made it and
 * when, and the appellant's reason.
 */
final class ReviewItemView {
    private ReviewItemView() {}

    /** @param m the item's model (null if the job no longer has it) */
    static ObjectNode of(ReviewQueue.Claim c, ModelSpec m) {
        ObjectNode n = of(c.request(), m);
        n.put("leaseUntil", Instant.ofEpochMilli(c.leaseUntil()).toString());
        return n;
    }

    /** The item as any reviewer sees it, without a lease (what a labeling tool is given). */
    static ObjectNode of(ReviewRequest r, ModelSpec m) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("model", r.model());
        n.put("recordId", r.recordId());
        boolean blind = r.reason() == Route.AUDIT;
        n.put("reason", blind ? Route.REVIEW.name() : r.reason().name());
        try {
            n.set("features", Json.MAPPER.readTree(r.features()));
        } catch (java.io.IOException e) {
            n.put("features", r.features());
        }
        ArrayNode classes = n.putArray("classes");
        List<String> declared = m == null ? List.of() : m.classes();
        for (String k : declared.isEmpty() && r.classes() != null ? List.of(r.classes()) : declared) classes.add(k);
        if (!blind && r.predicted() != null) {
            ObjectNode p = n.putObject("prediction");
            p.put("label", r.predicted());
            p.put("confidence", r.confidence());
            ObjectNode scores = p.putObject("scores");
            if (r.classes() != null && r.scores() != null) {
                for (int i = 0; i < r.classes().length && i < r.scores().length; i++) scores.put(r.classes()[i], r.scores()[i]);
            }
            if (r.contributions() != null) { // part of the prediction: a blind item has neither
                ArrayNode why = p.putArray("contributions");
                for (Contribution k : r.contributions()) why.addObject().put("label", k.label()).put("value", k.value());
            }
        }
        if (r.appeal() != null) {
            ObjectNode a = n.putObject("appeal");
            a.put("appealId", r.appeal().appealId());
            a.put("reason", r.appeal().reason());
            a.put("appellant", r.appeal().appellant());
            a.put("decision", r.appeal().decision());
            a.put("source", r.appeal().source() == null ? null : r.appeal().source().name());
            a.put("annotator", r.appeal().annotator());
            a.put("decidedAt", Instant.ofEpochMilli(r.appeal().decidedAt()).toString());
            a.put("modelVersion", r.modelVersion());
        }
        n.put("deadline", Instant.ofEpochMilli(r.deadline()).toString());
        return n;
    }
}
