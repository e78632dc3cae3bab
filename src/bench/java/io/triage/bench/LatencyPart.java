package io.triage.bench;

final class LatencyPart {
    private LatencyPart() {}

    static void run(Results res, int n) throws Exception {
        throw new UnsupportedOperationException("not yet");
    }
}
