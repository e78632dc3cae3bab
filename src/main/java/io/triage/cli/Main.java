package io.triage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code triage} command line. */
@Command(name = "triage", mixinStandardHelpOptions = true, version = "triage 0.1.0",
        description = "Human-in-the-loop ML decisions on Apache Flink.",
        subcommands = {DemoCommand.class, RunCommand.class, ChaosCommand.class, ValidateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
