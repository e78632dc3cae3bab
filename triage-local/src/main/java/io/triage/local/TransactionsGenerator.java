package io.triage.local;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Synthetic card transactions with a hidden logistic fraud concept (7–8% fraud, 1% label noise; a linear model reaches ~95% accuracy),
 * deterministic by seed. With {@code driftAt >= 0} the concept changes abruptly at that record index:
 * other countries and merchant categories become risky and small amounts (card testing) replace large
 * ones as the risk signal.
 */
public final class TransactionsGenerator implements DriftingStream {

    public static final String MODEL = "fraud";
    static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "CA", "ES", "IT", "NL", "BR", "NG"};
    private static final double[] COUNTRY_WEIGHTS = {30, 12, 10, 9, 8, 8, 7, 6, 6, 4};
    static final String[] MERCHANTS =
        {"grocery", "fuel", "restaurant", "travel", "electronics", "online_retail", "gambling", "jewelry"};
    private static final double[] MERCHANT_WEIGHTS = {25, 15, 18, 8, 10, 16, 4, 4};
    static final String[] MEMOS =
        {"groceries", "dinner", "fuel", "subscription", "refund", "transfer", "gift card", "crypto", "urgent", "invoice"};
    private static final double LABEL_NOISE = 0.01;
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** Logistic risk: intercept + amount effect on ln(amount) + per-category weights (array index). */
    record Concept(double intercept, double logAmount, double[] country, double[] merchant,
                   double cardPresent, double night, double[] memo) {

        double logit(double amount, int country, int merchant, int cardPresent, int hour, int memo) {
            return intercept + logAmount * Math.log(amount) + this.country[country] + this.merchant[merchant]
                + this.cardPresent * cardPresent + (hour < 6 ? night : 0) + this.memo[memo];
        }
    }

    // Before the drift: large amounts, NG/BR, electronics/jewelry/gambling, gift cards and crypto are risky.
    static final Concept BEFORE = new Concept(-11.2, 1.6,
        new double[] {0, 0, 0, 0, 0, 0, 0, 0, 2.4, 4.8},
        new double[] {-1.6, -0.8, -0.8, 0.8, 3.2, 1.6, 3.2, 3.52},
        -4.0, 1.6,
        new double[] {-0.8, -0.8, 0, 0, 0, 0.8, 3.2, 3.2, 2.4, 0});
    // After the drift: small amounts, GB/NL, fuel/online retail, subscriptions and refunds are risky.
    static final Concept AFTER = new Concept(-0.2, -1.6,
        new double[] {0, 4.8, 0, 0, 0, 0, 0, 2.4, 0, 0},
        new double[] {-1.6, 3.52, -0.8, 0, 0, 1.92, 0, 0},
        -4.0, 0.48,
        new double[] {-0.8, -0.8, 0, 3.2, 2.4, 0.8, 0, 0, 0, 0});

    private final SplittableRandom random;
    private final long driftAt;
    private final long limit;
    private long index;
    private Instant ts = START;

    /** An endless stream without drift. */
    public TransactionsGenerator(long seed) {
        this(seed, -1, -1);
    }

    /**
     * @param driftAt index of the first record under the new concept, or -1 for no drift
     * @param limit   number of records, or -1 for an endless stream
     */
    public TransactionsGenerator(long seed, long driftAt, long limit) {
        this.random = new SplittableRandom(seed);
        this.driftAt = driftAt;
        this.limit = limit;
    }

    @Override
    public String name() {
        return MODEL;
    }

    @Override
    public boolean hasNext() {
        return limit < 0 || index < limit;
    }

    @Override
    public LabeledRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long n = index++;
        // Poisson arrivals, one transaction every 30 s on average; hour follows the timestamp.
        ts = ts.plusMillis((long) (-Math.log(1 - random.nextDouble()) * 30_000));
        int hour = ts.atOffset(ZoneOffset.UTC).getHour();
        double amount = Math.round(Math.exp(3.5 + 1.1 * random.nextGaussian()) * 100) / 100.0 + 0.01;
        int country = pick(COUNTRY_WEIGHTS);
        int merchant = pick(MERCHANT_WEIGHTS);
        int cardPresent = random.nextDouble() < 0.6 ? 1 : 0;
        int memo = random.nextInt(MEMOS.length);

        Concept concept = driftAt >= 0 && n >= driftAt ? AFTER : BEFORE;
        double p = 1 / (1 + Math.exp(-concept.logit(amount, country, merchant, cardPresent, hour, memo)));
        boolean fraud = random.nextDouble() < p;
        if (random.nextDouble() < LABEL_NOISE) {
            fraud = !fraud;
        }

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("amount", amount);
        f.put("hour", (double) hour);
        f.put("country", COUNTRIES[country]);
        f.put("merchant_category", MERCHANTS[merchant]);
        f.put("card_present", (double) cardPresent);
        f.put("memo", MEMOS[memo]);
        return new LabeledRecord(RecordJson.write("tx-" + n, MODEL, ts, f), fraud ? "fraud" : "legit");
    }

    private int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    @Override
    public long[] changePoints() {
        return driftAt >= 0 ? new long[] {driftAt} : new long[0];
    }
}
