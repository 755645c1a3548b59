package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exclusive ownership across real processes: two {@code drtp sweep} processes on the same directory and shard
 * compute every run exactly once between them, and a process killed with SIGKILL mid-run leaves a stale claim
 * that does not block the next invocation.
 */
class ConcurrentSweepTest {

    private static final String GRID = "{\"name\": \"claims\", \"dataset\": \"mnist-10k\", \"topology\": \"FC_16_FC_10\","
            + " \"train_mode\": [\"bp\", \"fa\", \"dfa\", \"sdfa\", \"drtp\", \"shallow\"], \"epochs\": 2, \"trials\": 2,"
            + " \"train_limit\": 2000, \"test_limit\": 500}";

    @TempDir
    Path dir;

    private Process start(Path grid, Path out, String log) throws IOException {
        List<String> cmd = ChildJvm.drtp();
        cmd.addAll(List.of("sweep", grid.toString(), "--out", out.toString(), "--jobs", "1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    private static int ran(String log) {
        Matcher m = Pattern.compile("ran (\\d+) run\\(s\\)").matcher(log);
        assertTrue(m.find(), log);
        return Integer.parseInt(m.group(1));
    }

    private static long results(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve("runs"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    @Test
    void twoProcessesOnOneShardComputeEachRunOnce() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.json"), GRID);
        Path out = dir.resolve("out");
        Process a = start(grid, out, "a.log");
        Process b = start(grid, out, "b.log");
        assertTrue(a.waitFor(600, TimeUnit.SECONDS) && b.waitFor(600, TimeUnit.SECONDS), "sweeps did not end");
        String la = Files.readString(dir.resolve("a.log"));
        String lb = Files.readString(dir.resolve("b.log"));
        assertEquals(0, a.exitValue(), la);
        assertEquals(0, b.exitValue(), lb);
        assertEquals(12, ran(la) + ran(lb), "every run computed exactly once:\n" + la + "\n" + lb);
        assertEquals(12, results(out));
    }

    @Test
    void aSweepKilledMidRunLeavesNoClaimThatBlocksTheNext() throws Exception {
        Path grid = Files.writeString(dir.resolve("grid.json"), GRID);
        Path out = dir.resolve("out");
        Process p = start(grid, out, "killed.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (p.isAlive() && System.nanoTime() < deadline && claims(out) == 0) {
            Thread.sleep(20);
        }
        assertTrue(claims(out) > 0, "no run was claimed: " + Files.readString(dir.resolve("killed.log")));
        p.destroyForcibly(); // SIGKILL: the claim file stays behind, its OS lock goes with the process
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Process next = start(grid, out, "next.log");
        assertTrue(next.waitFor(600, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("next.log"));
        assertEquals(0, next.exitValue(), log);
        assertEquals(12, results(out), log);
        assertEquals(0, claims(out), "claims are removed when their runs end");
    }

    private static long claims(Path out) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".claim")).count();
        }
    }
}
