package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code drtp bench}'s peer options fail fast, before any measurement, with one line naming the flag. */
class BenchCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void unknownPeerIsAUsageError() {
        String[] r = run("bench", "--peer", "tensorflow");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("--peer: expected libtorch, got 'tensorflow'"), r[2]);
        assertEquals("", r[1]);
    }

    @Test
    void missingPeerJarSaysHowToBuildIt() {
        String[] r = run("bench", "--peer", "libtorch", "--peer-jar", "/nonexistent/drtp-peer-libtorch.jar");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("/nonexistent/drtp-peer-libtorch.jar not found") && r[2].contains("-Plibtorch"), r[2]);
        assertEquals(1, r[2].strip().lines().filter(l -> l.contains("not found")).count(), r[2]);
        assertEquals("", r[1]);
    }
}
