package io.triage.policy;

import io.triage.event.ModelSnapshot;
import io.triage.event.Route;
import io.triage.feature.OnlineScaler;

/**
 * Routing as a pure function of (record id, features, model snapshot): replaying a record against the
 * model and policy versions named in its audit event gives the same route, class and confidence.
 */
public final class Router {
    private static final String[] NONE = new String[0];
    private static final double[] NO_SCORES = new double[0];

    private Router() {}

    /** With the unkeyed (public) audit draw: tests and tools without the job's secret. */
    public static Routing route(String model, String recordId, int[] indices, double[] values, ModelSnapshot s) {
        return route(model, recordId, indices, values, s, AuditDraw.unkeyed());
    }

    public static Routing route(String model, String recordId, int[] indices, double[] values, ModelSnapshot s,
                                AuditDraw audit) {
        if (s == null || s.weights().numClasses() == 0) {
            return new Routing(Route.COLD_START, null, NONE, NO_SCORES, 0.0, 1.0, 0.5);
        }
        String[] classes = s.classes(); // a copy: taken once per record
        double[] scaled = OnlineScaler.apply(indices, values, s.scaleMean(), s.scaleStd());
        double[] p = s.weights().proba(indices, scaled);
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        String predicted = classes[best];
        double confidence = p[best];
        double threshold = s.classThresholds().length > best ? s.classThresholds()[best] : s.threshold();
        if (classes.length < 2 || Threshold.off(threshold)) {
            return new Routing(Route.COLD_START, predicted, classes, p, confidence, 1.0, 0.5);
        }
        if (confidence < threshold) {
            return new Routing(Route.REVIEW, predicted, classes, p, confidence, 1.0, uncertainty(p));
        }
        double auditShare = AuditShare.at(confidence, threshold, s.auditRate());
        if (audit.audited(model, recordId, auditShare)) {
            // audits first: they are the promise's feedback, and a backlog must not delay them
            return new Routing(Route.AUDIT, predicted, classes, p, confidence, AuditSampler.weight(auditShare), 1.0);
        }
        return new Routing(Route.AUTO, predicted, classes, p, confidence, 1.0, 0.0);
    }

    /** 1 − margin between the two best classes: 1 for a coin flip, 0 for certainty. */
    public static double uncertainty(double[] p) {
        double a = 0, b = 0;
        for (double v : p) {
            if (v > a) {
                b = a;
                a = v;
            } else if (v > b) {
                b = v;
            }
        }
        return 1.0 - (a - b);
    }
}
