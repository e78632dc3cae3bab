package io.triage.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo command's options, without running a demo. */
class DemoCommandTest {
    @Test
    void helpDocumentsYourOwnStream() {
        String help = new CommandLine(new DemoCommand()).getUsageMessage();
        assertTrue(help.contains(".jsonl") && help.contains("--truth-field") && help.contains("--no-web-ui"), help);
    }

    @Test
    void aJsonLinesDatasetNeedsItsSpec(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.jsonl");
        Files.writeString(file, "{\"id\":\"a-1\",\"features\":{\"x\":1},\"label\":\"yes\"}\n");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--dataset", file.toString()));
        assertTrue(err.toString().contains("--dataset " + file + " needs --spec"), err.toString());
    }

    @Test
    void aMissingDatasetFileIsNamed(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--dataset", dir.resolve("none.jsonl").toString(), "--spec", "fraud"));
        assertTrue(err.toString().contains("none.jsonl: no such file"), err.toString());
    }

    @Test
    void summaryWindowsMustHoldRecords() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand()).setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--summary-window", "0"));
        assertTrue(err.toString().contains("--summary-window and --summary-min-automated must be at least 1"), err.toString());
        String help = cli.getUsageMessage();
        assertTrue(help.contains("--summary-window") && help.contains("--summary-min-automated"), help);
    }

    @Test
    void noWebUiMeansPortMinusOne() throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--no-web-ui");
        assertEquals(-1, demo.uiPort());
        DemoCommand off = new DemoCommand();
        new CommandLine(off).parseArgs("--web-ui-port", "-1");
        assertEquals(-1, off.uiPort());
    }
}
