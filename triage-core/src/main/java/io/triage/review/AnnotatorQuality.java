package io.triage.review;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Online estimates of each annotator's accuracy and of the annotators' agreement beyond chance (Fleiss' kappa),
 * from the labels of consensus items (items labeled by several annotators). No ground truth is needed.
 * <p>
 * Accuracy follows the one-coin model: annotator i gives the true class with probability p_i and otherwise one
 * of the other C − 1 classes at random, independently of the others given the truth. The state keeps only how
 * often each <em>pattern</em> of votes occurred — which annotators labeled an item and which of them agreed with
 * each other (not the classes) — so it stays small however many items pass. Summed over which class is true, a
 * pattern's probability does not depend on how frequent the classes are, so the estimates need no class prior.
 * The estimates are the maximum of that likelihood found by EM, each p_i the posterior mean under a Beta(1,1)
 * prior given the expected number of items it got right. Why this is consistent: with three or more annotators
 * on common items the pattern frequencies identify every p_i (the agreement rate of i and j fixes
 * (C·p_i − 1)(C·p_j − 1), and three such products fix each factor), up to the one symmetry of the model —
 * everyone's labels permuted — which starting EM from better than chance (p = 0.7) resolves as long as the
 * annotators are better than chance. Agreement with the others' majority alone is not consistent: with two
 * others at 0.80 and 0.60, their agreeing class is wrong one time in seven, and a 0.98 annotator would score 0.84.
 * <p>
 * Public fields and a no-argument constructor: Flink keeps it as a POJO in keyed state.
 */
public final class AnnotatorQuality {
    /** Distinct vote patterns kept at most: beyond, new patterns are not counted (a team rarely makes more). */
    public static final int MAX_PATTERNS = 10_000;
    private static final double START = 0.7;

    /** Vote patterns: "alice:0,bob:0,carol:1" (annotators sorted, same number = same class). */
    public String[] patterns = new String[0];
    public long[] patternCounts = new long[0];
    /** Classes seen in votes, and the votes each got (Fleiss' kappa's class shares). */
    public String[] classes = new String[0];
    public long[] classVotes = new long[0];
    /** Items with at least two votes, and the sum of their observed agreement P_i. */
    public long kappaItems;
    public double kappaAgreementSum;

    public AnnotatorQuality() {}

    /**
     * Counts one consensus item.
     *
     * @param annotators distinct annotators, parallel to {@code votes}
     * @param votes      the class each gave
     */
    public void add(List<String> annotators, List<String> votes) {
        if (annotators.size() != votes.size()) throw new IllegalArgumentException("one vote per annotator");
        if (annotators.size() < 2) return; // a single label says nothing about agreement
        Map<String, Integer> perClass = new HashMap<>();
        for (String v : votes) {
            perClass.merge(v, 1, Integer::sum);
            int c = indexOf(classes, v);
            if (c < 0) {
                classes = Arrays.copyOf(classes, classes.length + 1);
                classes[classes.length - 1] = v;
                classVotes = Arrays.copyOf(classVotes, classVotes.length + 1);
                c = classes.length - 1;
            }
            classVotes[c]++;
        }
        int n = votes.size();
        long agreeingPairs = 0;
        for (int k : perClass.values()) agreeingPairs += (long) k * (k - 1);
        kappaItems++;
        kappaAgreementSum += (double) agreeingPairs / ((double) n * (n - 1));

        String key = pattern(annotators, votes);
        int p = indexOf(patterns, key);
        if (p < 0) {
            if (patterns.length >= MAX_PATTERNS) return;
            patterns = Arrays.copyOf(patterns, patterns.length + 1);
            patterns[patterns.length - 1] = key;
            patternCounts = Arrays.copyOf(patternCounts, patternCounts.length + 1);
            p = patterns.length - 1;
        }
        patternCounts[p]++;
    }

    /**
     * Fleiss' kappa over the items counted (items with different numbers of votes weigh alike): observed agreement
     * beyond what the classes' shares of all votes would give by chance; NaN before any item.
     */
    public double fleissKappa() {
        if (kappaItems == 0) return Double.NaN;
        long total = Arrays.stream(classVotes).sum();
        double chance = 0;
        for (long v : classVotes) chance += ((double) v / total) * ((double) v / total);
        double observed = kappaAgreementSum / kappaItems;
        return chance >= 1 ? Double.NaN : (observed - chance) / (1 - chance);
    }

    /** Each annotator's estimated accuracy (sorted by id); empty before any consensus item. */
    public Map<String, Double> accuracies() {
        List<String[]> names = new ArrayList<>();
        List<int[]> groups = new ArrayList<>();
        Map<String, Integer> index = new TreeMap<>();
        for (String key : patterns) {
            String[] parts = key.split(",");
            String[] who = new String[parts.length];
            int[] group = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                int colon = parts[i].lastIndexOf(':');
                who[i] = parts[i].substring(0, colon);
                group[i] = Integer.parseInt(parts[i].substring(colon + 1));
                index.putIfAbsent(who[i], 0);
            }
            names.add(who);
            groups.add(group);
        }
        List<String> ids = new ArrayList<>(index.keySet());
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        int c = Math.max(2, classes.length);
        double[] acc = new double[ids.size()];
        Arrays.fill(acc, START);
        for (int iter = 0; iter < 100000; iter++) {
            double[] right = new double[acc.length];
            double[] seen = new double[acc.length];
            for (int p = 0; p < patterns.length; p++) {
                String[] who = names.get(p);
                int[] group = groups.get(p);
                int m = Arrays.stream(group).max().orElse(0) + 1;
                // likelihood of the item given that group g voted the true class (g = m: a class nobody voted)
                double[] w = new double[m + 1];
                for (int g = 0; g <= m; g++) {
                    double l = g == m ? c - m : 1;
                    for (int i = 0; i < who.length; i++) {
                        double pi = acc[index.get(who[i])];
                        l *= group[i] == g ? pi : (1 - pi) / (c - 1);
                    }
                    w[g] = l;
                }
                double sum = Arrays.stream(w).sum();
                for (int i = 0; i < who.length; i++) {
                    int a = index.get(who[i]);
                    right[a] += patternCounts[p] * (sum > 0 ? w[group[i]] / sum : 0);
                    seen[a] += patternCounts[p];
                }
            }
            double change = 0;
            for (int a = 0; a < acc.length; a++) {
                double next = (right[a] + 1) / (seen[a] + 2);
                change = Math.max(change, Math.abs(next - acc[a]));
                acc[a] = next;
            }
            if (change < 1e-9) break;
        }
        Map<String, Double> out = new TreeMap<>();
        for (int a = 0; a < acc.length; a++) out.put(ids.get(a), acc[a]);
        return out;
    }

    /** The item's pattern: annotators sorted, each with the number of its class in order of first appearance. */
    static String pattern(List<String> annotators, List<String> votes) {
        Integer[] order = new Integer[annotators.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> annotators.get(x).compareTo(annotators.get(y)));
        Map<String, Integer> group = new HashMap<>();
        StringBuilder b = new StringBuilder();
        for (int i : order) {
            if (b.length() > 0) b.append(',');
            b.append(annotators.get(i).replace(",", "_")).append(':')
                    .append(group.computeIfAbsent(votes.get(i), v -> group.size()));
        }
        return b.toString();
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) if (a[i].equals(s)) return i;
        return -1;
    }
}
