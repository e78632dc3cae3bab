package io.triage.testkit.cli;

import io.triage.cli.Main;
import io.triage.gateway.GatewayCommand;
import io.triage.gateway.TokensCommand;
import io.triage.local.cli.DemoCommand;

/** What {@code bin/triage} runs: the job's command line plus {@code demo}, {@code chaos}, {@code gateway} and {@code tokens}. */
public final class TestkitMain {
    private TestkitMain() {}

    public static void main(String[] args) throws Exception {
        Main.execute(args, new DemoCommand(), new ChaosCommand(), new GatewayCommand(), new TokensCommand());
    }
}
