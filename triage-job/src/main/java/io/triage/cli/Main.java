package io.triage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code triage} command line of the job jar: {@code run}, {@code validate}, {@code keys}, {@code topics} and {@code export}. The checkout's
 * {@code bin/triage} adds the embedded demo and the chaos run on top ({@link #execute} with more subcommands).
 */
@Command(name = "triage", mixinStandardHelpOptions = true, version = "triage 0.1.0",
        description = "Human-in-the-loop ML decisions on Apache Flink.",
        subcommands = {RunCommand.class, ValidateCommand.class, KeysCommand.class, TopicsCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) throws Exception {
        execute(args);
    }

    /** Runs the command line with the job's subcommands and {@code extra} ones (the demo, chaos). */
    public static void execute(String[] args, Object... extra) throws Exception {
        Exception[] failure = new Exception[1];
        CommandLine cli = new CommandLine(new Main());
        for (Object command : extra) cli.addSubcommand(command);
        CommandLine.IExecutionExceptionHandler printing = cli.getExecutionExceptionHandler();
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            failure[0] = ex;
            return printing.handleExecutionException(ex, cmd, parsed);
        });
        int code = cli.execute(args);
        if (args.length > 0 && "run".equals(args[0])) {
            // `run` is the main() of a Flink program: with `flink run` it runs in the client, but through the
            // REST API (/jars/:id/run) or in application mode (Kubernetes operator) it runs inside the
            // JobManager, where System.exit would stop the JobManager itself. Report failures by throwing.
            if (failure[0] != null) throw failure[0];
            if (code != 0) throw new IllegalArgumentException("triage run: invalid arguments (exit code " + code + ")");
            return;
        }
        System.exit(code);
    }
}
