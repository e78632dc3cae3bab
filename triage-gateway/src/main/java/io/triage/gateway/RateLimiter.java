package io.triage.gateway;

import java.util.HashMap;
import java.util.Map;

/** A token bucket per reviewer: {@code perMinute} requests a minute, in bursts of up to that many. */
final class RateLimiter {
    private final double perMinute;
    private final Map<String, double[]> buckets = new HashMap<>(); // tokens, last refill (ms)

    RateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    synchronized boolean allow(String who, long now) {
        double[] b = buckets.computeIfAbsent(who, k -> new double[] {perMinute, now});
        b[0] = Math.min(perMinute, b[0] + (now - b[1]) * perMinute / 60_000.0);
        b[1] = now;
        if (b[0] < 1) return false;
        b[0] -= 1;
        return true;
    }
}
