package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drtp.experiment.GridManifest;
import org.drtp.experiment.ResultStore;
import org.drtp.experiment.Shard;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Slurm template, unchanged, on a real single-node Slurm 22.05 started for the test by
 * {@code docs/cluster/local-slurm.sh} (munged, slurmctld and slurmd in the foreground, loopback only): a 4-task
 * array over {@code reproduce table3 --quick} merges to tables byte-identical to one process with --jobs 1;
 * one task cancelled mid-run and resubmitted as the template's header says completes its shard without
 * recomputing a finished run; a finished task requeued in place ({@code scontrol requeue}) finds nothing to do. Skipped (with the reason) only where the daemons cannot run: not root, or
 * Debian's slurm-wlm and munge not installed ({@code .ci/run} installs them). The commands are the ones
 * docs/cluster/README.md shows.
 */
class SlurmArrayTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path TEMPLATE = ROOT.resolve("docs/cluster/slurm-reproduce.sh");
    private static final Path LOCAL_SLURM = ROOT.resolve("docs/cluster/local-slurm.sh");
    private static final List<String> GRID = List.of("table3", "--quick");
    private static final String OUT = "results/table3-quick"; // drtp's default for reproduce table3 --quick
    private static final long TIMEOUT_S = 600;

    @TempDir
    Path tmp;

    @Test
    void aJobArrayMergesToTheTablesOfOneProcessAndACancelledTaskResubmittedRecomputesNothing() throws Exception {
        skipUnlessSlurmCanRun();
        long t0 = System.nanoTime();
        byte[] template = Files.readAllBytes(TEMPLATE);
        // The reference: the same grid in one process, one run at a time; computed while the cluster starts.
        Path single = tmp.resolve("single");
        CompletableFuture<Void> reference = CompletableFuture.runAsync(() ->
                drtp("reproduce", "table3", "--quick", "--jobs", "1", "--out", single.toString()));

        Path submit = Files.createDirectories(tmp.resolve("submit")); // the "repository root" the tasks start in
        writeLauncher(submit.resolve("drtp"));
        Path cluster = tmp.resolve("slurm");
        Process slurm = new ProcessBuilder("bash", LOCAL_SLURM.toString(), cluster.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("local-slurm.log").toFile()).start();
        try {
            awaitReady(slurm, cluster);
            Map<String, String> env = Map.of("SLURM_CONF", cluster.resolve("slurm.conf").toString());
            Path out = submit.resolve(OUT);

            String job = sh(submit, env, "sbatch", "--parsable", "--array=1-4", "--cpus-per-task=1", "--mem=2G",
                    TEMPLATE.toString(), "table3", "--quick").strip();
            // Cancel task 3 once it has finished a run of its shard, i.e. in the middle of its work.
            List<String> shard3 = awaitShardRuns(out, 3, 1);
            String during = drtp("status", out.toString());
            assertTrue(during.matches("(?s)table3 --quick: \\d+/36 finished, \\d+ running or missing, 0 failed.*"), during);
            assertTrue(during.contains("  shard 3/4: ") || during.contains("  shards done: 3"), during);
            System.out.print("SlurmArrayTest: drtp status during the array:\n" + during);
            sh(submit, env, "scancel", job + "_3");
            awaitGone(submit, env, job + "_3");
            awaitGone(submit, env, job);
            long done3 = shard3.stream().filter(f -> Files.exists(out.resolve("runs").resolve(f))).count();
            assertTrue(done3 >= 1 && done3 < shard3.size(), "task 3 was cancelled after " + done3 + " of its "
                    + shard3.size() + " runs: the test needs it cancelled mid-shard");
            String cancelled = drtp("status", out.toString());
            assertTrue(cancelled.startsWith(String.format("table3 --quick: %d/36 finished, %d running or missing, 0 failed",
                    36 - shard3.size() + done3, shard3.size() - done3)), cancelled);
            assertTrue(cancelled.contains(String.format("  shard 3/4: %d/%d finished%n  shards done: 1-2, 4 of 4", done3,
                    shard3.size())), cancelled);
            Map<Path, FileTime> finished = mtimes(out.resolve("runs"));
            assertEquals(36 - shard3.size() + done3, finished.size(), "runs after the cancel: " + finished.keySet());

            // Resubmitting the index alone without the shard count is refused (a partial array cannot tell N) ...
            String wrong = sh(submit, env, "sbatch", "--parsable", "--array=3", "--cpus-per-task=1", "--mem=2G",
                    TEMPLATE.toString(), "table3", "--quick").strip();
            awaitGone(submit, env, wrong);
            String log = Files.readString(submit.resolve("drtp-" + wrong + "_3.out"));
            assertTrue(log.contains("is not a full 1-N: say how many shards the grid has"), log);
            assertTrue(sh(submit, env, "scontrol", "show", "job", wrong).contains("ExitCode=2:0"));
            // ... and as the template's header says, with DRTP_SHARDS, it completes the shard.
            String again = sh(submit, env, "sbatch", "--parsable", "--array=3", "--export=ALL,DRTP_SHARDS=4",
                    "--cpus-per-task=1", "--mem=2G", TEMPLATE.toString(), "table3", "--quick").strip();
            awaitGone(submit, env, again);
            String resumed = Files.readString(submit.resolve("drtp-" + again + "_3.out"));
            assertTrue(resumed.contains(done3 + " finished already"), resumed);
            assertTrue(resumed.contains("ran " + (shard3.size() - done3) + " run(s)"), resumed);
            Map<Path, FileTime> after = mtimes(out.resolve("runs"));
            assertEquals(36, after.size());
            finished.forEach((f, t) -> assertEquals(t, after.get(f), f + " was recomputed"));
            assertTrue(sh(submit, env, "scontrol", "show", "job", again).contains("ExitCode=0:0"));
            // Requeued in place, a task of the first array keeps that array's variables: the same shard, nothing to do.
            sh(submit, env, "scontrol", "requeue", job + "_1");
            awaitGone(submit, env, job + "_1");
            String requeued = Files.readString(submit.resolve("drtp-" + job + "_1.out")); // appended to (--open-mode)
            assertTrue(requeued.contains("9 in shard 1/4; 9 finished already") && requeued.contains("ran 0 run(s)"), requeued);
            assertEquals(after, mtimes(out.resolve("runs")));

            reference.get(TIMEOUT_S, TimeUnit.SECONDS);
            drtp("aggregate", out.toString());
            assertSameTables(single.resolve("tables"), out.resolve("tables"));
            assertEquals(36, new ResultStore(out).readAll().size());
        } finally {
            slurm.getOutputStream().close(); // local-slurm.sh tears everything down when its input closes
            if (!slurm.waitFor(60, TimeUnit.SECONDS)) {
                slurm.destroy();
                slurm.waitFor(30, TimeUnit.SECONDS);
            }
            reference.cancel(true);
        }
        assertArrayEquals(template, Files.readAllBytes(TEMPLATE), "the test must not change the template");
        System.out.printf("SlurmArrayTest: %.0f s wall (cluster start, 4-task array, cancel, resubmit, aggregate,"
                + " single-process reference in parallel)%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void skipUnlessSlurmCanRun() throws Exception {
        String uid = new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(uid.equals("0"), "skipped: a local Slurm needs root to start slurmd (uid " + uid + ")");
        for (String tool : List.of("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol")) {
            Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(":"), new String[] {"/usr/sbin", "/sbin"})
                            .flatMap(Stream::of).anyMatch(d -> Files.isExecutable(Path.of(d, tool))),
                    "skipped: " + tool + " is not installed (Debian packages slurm-wlm and munge; .ci/run installs them)");
        }
    }

    /** What stands for the repository's ./drtp launcher: this build's classes, as the jar would run them. */
    private static void writeLauncher(Path file) throws IOException {
        StringBuilder command = new StringBuilder("#!/bin/sh\nexec");
        ChildJvm.drtp().forEach(word -> command.append(" '").append(word).append('\''));
        Files.writeString(file, command + " \"$@\"\n");
        assertTrue(file.toFile().setExecutable(true));
    }

    private void awaitReady(Process slurm, Path cluster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(cluster.resolve("ready"))) {
            if (!slurm.isAlive() || System.nanoTime() > deadline) {
                fail("local Slurm did not start (exit " + (slurm.isAlive() ? "none, timed out" : slurm.exitValue()) + "): "
                        + Files.readString(tmp.resolve("local-slurm.log")) + logs(cluster));
            }
            Thread.sleep(100);
        }
    }

    private static String logs(Path cluster) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(cluster.resolve("log"))) {
            for (Path p : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                sb.append("\n--- ").append(p.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            sb.append("\n(no logs: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    /** The run files of shard K/4, once its manifest is written and at least {@code atLeast} of them are finished. */
    private static List<String> awaitShardRuns(Path out, int k, int atLeast) throws Exception {
        Path manifest = out.resolve("grid-table3-quick-shard-" + k + "-of-4.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (Files.exists(manifest)) {
                List<String> mine = new Shard(k, 4).select(ResultStore.JSON.readValue(manifest.toFile(), GridManifest.class)
                        .runFiles());
                if (mine.stream().filter(f -> Files.exists(out.resolve("runs").resolve(f))).count() >= atLeast) {
                    return mine;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("shard " + k + "/4 finished no run in " + TIMEOUT_S + " s");
    }

    /** Waits until squeue no longer lists the job (or array task). */
    private static void awaitGone(Path dir, Map<String, String> env, String job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (sh(dir, env, "squeue", "--noheader", "--states=all", "--format=%T", "--jobs=" + job).lines()
                    .noneMatch(s -> s.equals("PENDING") || s.equals("RUNNING") || s.equals("COMPLETING")
                            || s.equals("CONFIGURING") || s.equals("REQUEUED"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " still queued or running after " + TIMEOUT_S + " s");
    }

    private static Map<Path, FileTime> mtimes(Path runs) throws IOException {
        Map<Path, FileTime> out = new HashMap<>();
        try (Stream<Path> files = Files.list(runs)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                out.put(p.getFileName(), Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private static void assertSameTables(Path expected, Path actual) throws IOException {
        List<Path> names;
        try (Stream<Path> files = Files.list(expected)) {
            names = files.map(Path::getFileName).sorted().toList();
        }
        assertTrue(names.size() >= 4, "tables: " + names);
        for (Path n : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)),
                    n + " differs between the job array and one process");
        }
    }

    /** Runs a Slurm client in {@code dir}; fails with its output unless it exits 0. */
    private static String sh(Path dir, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    private static String drtp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, "drtp " + String.join(" ", args) + ": " + err);
        return out.toString();
    }
}
