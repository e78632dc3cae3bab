package io.triage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `validate --set` reads the override through the same validation as the file. */
class ValidateCommandTest {
    private record Result(int code, String out) {}

    private static Result validate(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            String[] all = new String[args.length + 1];
            all[0] = "validate";
            System.arraycopy(args, 0, all, 1, args.length);
            int code = new CommandLine(new Main()).execute(all);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void aValidOverridePasses() {
        Result r = validate("--set", "models[0].policy.targetPrecision=0.97", "fraud");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("fraud: ok (1 model(s))"), r.out());
    }

    @Test
    void anInvalidOverrideIsNamedWithItsPath() {
        Result r = validate("--set", "models[0].policy.targetPrecision=1.5", "--set", "models[2].id=x", "fraud");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("--set models[2].id=x: models[2]: the list has 1 entries"), r.out());
        Result bad = validate("--set", "models[0].policy.targetPrecision=1.5", "fraud");
        assertTrue(bad.out().contains("models[0].policy.targetPrecision: must be in (0, 1), was 1.5"), bad.out());
    }
}
