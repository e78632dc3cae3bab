package io.triage.testkit.cli;

import io.triage.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chaos command's options, without running anything. */
class ChaosCommandTest {
    @Test
    void helpDocumentsTheStandaloneMode() {
        String help = new CommandLine(new ChaosCommand()).getUsageMessage();
        assertTrue(help.contains("--standalone") && help.contains("--taskmanager-kills") && help.contains("--job-jar"), help);
    }

    @Test
    void taskManagerKillsNeedAStandaloneCluster() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ChaosCommand()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--taskmanager-kills", "1"));
        assertTrue(err.toString().contains("--taskmanager-kills needs --standalone"), err.toString());
    }

    @Test
    void theChaosSpecTravelsAsYaml() {
        // `chaos --standalone` hands the spec built in code to `run --spec FILE` on the cluster
        assertEquals(ChaosCommand.chaosSpec(), SpecLoader.parse(SpecLoader.toYaml(ChaosCommand.chaosSpec())));
    }
}
