package io.triage.local.cli;

import io.triage.cli.Main;

/** The job's command line plus {@code demo}: the embedded broker, local Flink and simulated reviewers. */
public final class LocalMain {
    private LocalMain() {}

    public static void main(String[] args) throws Exception {
        Main.execute(args, new DemoCommand());
    }
}
