package io.triage.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The push options of {@code triage gateway}: off unless a tool's URL is given, and then complete. */
class GatewayCommandTest {
    private static GatewayCommand parse(String... args) {
        GatewayCommand c = new GatewayCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void nothingIsPushedUnlessConfigured(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), parse("--spec", "fraud", "--tokens-file", dir.resolve("t").toString()).pushes());
    }

    @Test
    void eachConfiguredToolIsPushedToWithItsIdFileBesideTheTokens(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ls-token"), "ls-api-token\n");
        Files.writeString(dir.resolve("argilla-key"), "argilla.apikey\n");
        List<Gateway.Push> pushes = parse("--spec", "fraud", "--tokens-file", dir.resolve("tokens").toString(),
                "--label-studio-url", "http://ls:8080", "--label-studio-project", "3",
                "--label-studio-api-token-file", dir.resolve("ls-token").toString(),
                "--argilla-url", "http://argilla:6900", "--argilla-dataset", "ds-1",
                "--argilla-api-key-file", dir.resolve("argilla-key").toString()).pushes();
        assertEquals(List.of("labelStudio", "argilla"), pushes.stream().map(p -> p.target().name()).toList());
        assertEquals(dir.resolve("label-studio-tasks.json").toAbsolutePath(), pushes.get(0).stateFile());
        assertEquals(dir.resolve("argilla-records.json").toAbsolutePath(), pushes.get(1).stateFile());
        LabelStudioTasks ls = (LabelStudioTasks) pushes.get(0).target();
        assertEquals(List.of(3L, "label", "text"), List.of(ls.project(), ls.fromName(), ls.toName()));
    }

    @Test
    void aToolWithoutItsProjectOrKeyIsRefused(@TempDir Path dir) {
        assertThrows(CommandLine.ParameterException.class, () -> parse("--spec", "fraud", "--tokens-file",
                dir.resolve("t").toString(), "--label-studio-url", "http://ls:8080").pushes());
        assertThrows(CommandLine.ParameterException.class, () -> parse("--spec", "fraud", "--tokens-file",
                dir.resolve("t").toString(), "--argilla-url", "http://argilla:6900", "--argilla-dataset", "d").pushes());
    }
}
