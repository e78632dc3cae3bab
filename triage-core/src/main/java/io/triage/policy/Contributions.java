package io.triage.policy;

import io.triage.event.Contribution;
import io.triage.event.ModelSnapshot;
import io.triage.feature.FeatureTerm;
import io.triage.feature.OnlineScaler;
import io.triage.model.ScoringWeights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The terms that pushed a prediction most: for each index j of the record, {@code (w[pred][j] − w[runnerUp][j]) · x_j}
 * on the values scaled exactly as {@link Router} scores them, summed per term label (a numeric field, a categorical
 * value, a text token). Against the runner-up class because a softmax depends only on differences of class scores:
 * a class's own weights mean nothing alone (adding one vector to every row changes no probability), while the
 * margin to the runner-up decides whether the prediction holds and splits exactly into per-feature parts (with two
 * classes it is the log-odds). The bias is no term of the record and is left out.
 */
public final class Contributions {
    /** Terms shown to a reviewer. */
    public static final int TOP = 5;
    /** The label of indices no term explains (fields cut from a long record's review copy). */
    public static final String OTHER = "(other features)";
    private static final Contribution[] NONE = new Contribution[0];
    private static final SignificantDigits SHOWN = new SignificantDigits(4); // a reviewer reads two digits; short JSON

    private Contributions() {}

    /**
     * @param s         the snapshot that scored the record
     * @param indices   the record's sparse vector (raw values, as routed)
     * @param values    its raw values
     * @param predicted the predicted class
     * @param terms     the record's terms ({@code FeatureExtractor.terms}); indices they do not add up to count as
     *                  {@link #OTHER}
     * @return at most {@code k}, largest effect first, whichever its sign; empty without a runner-up class
     */
    public static Contribution[] top(ModelSnapshot s, int[] indices, double[] values, String predicted,
                                     List<FeatureTerm> terms, int k) {
        ScoringWeights w = s.weights();
        String[] classes = s.classes();
        int pred = List.of(classes).indexOf(predicted);
        if (pred < 0 || classes.length < 2) return NONE;
        double[] scaled = OnlineScaler.apply(indices, values, s.scaleMean(), s.scaleStd());
        int runnerUp = runnerUp(w.proba(indices, scaled), pred);

        Map<Integer, Integer> position = new HashMap<>();
        for (int i = 0; i < indices.length; i++) position.put(indices[i], i);
        double[] termSum = new double[indices.length];
        int[] termCount = new int[indices.length];
        for (FeatureTerm t : terms) {
            Integer i = position.get(t.index());
            if (i == null) continue;
            termSum[i] += t.value();
            termCount[i]++;
        }
        double[] margin = new double[indices.length];
        boolean[] explained = new boolean[indices.length];
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < indices.length; i++) {
            int j = indices[i];
            margin[i] = (w.weight(pred, j) - w.weight(runnerUp, j)) * scaled[i];
            // the terms must add up to the routed value: else the review copy lost fields (cut for size)
            explained[i] = termCount[i] > 0 && Math.abs(termSum[i] - values[i]) <= 1e-9 * Math.max(1.0, Math.abs(values[i]));
            if (!explained[i]) byLabel.merge(OTHER, margin[i], Double::sum);
        }
        for (FeatureTerm t : terms) {
            Integer i = position.get(t.index());
            if (i == null || !explained[i]) continue;
            // terms sharing a hashed index share its part by value (a numeric index has one term)
            double part = termCount[i] == 1 ? margin[i] : values[i] == 0 ? 0.0 : margin[i] * t.value() / values[i];
            byLabel.merge(t.label(), part, Double::sum);
        }
        List<Contribution> out = new ArrayList<>();
        byLabel.forEach((label, v) -> {
            if (v != 0.0 && Double.isFinite(v)) out.add(new Contribution(label, v));
        });
        out.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.value())));
        return out.stream().limit(k).map(c -> new Contribution(c.label(), round(c.value()))).toArray(Contribution[]::new);
    }

    private static int runnerUp(double[] p, int pred) {
        int best = -1;
        for (int c = 0; c < p.length; c++) if (c != pred && (best < 0 || p[c] > p[best])) best = c;
        return best;
    }

    private static double round(double v) {
        return SHOWN.round(v);
    }
}
