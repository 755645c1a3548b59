package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI in-process, as the tests of every command do, and keeps its exit code, stdout and stderr. */
final class CliRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CliRun() {
    }

    /** What one command line did. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return lines(out);
        }

        List<String> errLines() {
            return lines(err);
        }

        /** Asserts the project's one-line error: standard error is one line, naming each of {@code mentions}. */
        void assertOneLineNaming(String... mentions) {
            assertEquals(1, errLines().size(), () -> "one line expected: " + err);
            for (String m : mentions) {
                assertTrue(err.contains(m), () -> "'" + m + "' in: " + err);
            }
        }

        /** The last line of stdout, parsed: the {@code --json} summary. */
        JsonNode json() throws IOException {
            List<String> lines = outLines();
            assertFalse(lines.isEmpty(), "no stdout");
            return JSON.readTree(lines.get(lines.size() - 1));
        }

        private static List<String> lines(String s) {
            return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\R"));
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }
}
