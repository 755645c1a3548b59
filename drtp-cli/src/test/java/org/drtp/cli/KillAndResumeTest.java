package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drtp.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability promise end to end: a training process killed with SIGKILL in the middle of an epoch,
 * then resumed from its checkpoint directory, ends with exactly the weights of an uninterrupted run.
 */
class KillAndResumeTest {

    private static final List<String> RUN = List.of("train", "--dataset", "mnist-10k", "--topology", "FC_128_FC_10",
            "--train-mode", "drtp", "--lr", "1e-3", "--epochs", "6", "--seed", "3", "--dropout", "0.1");

    @TempDir
    Path dir;

    private static int runInProcess(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, "drtp " + args + " failed: " + err);
        return code;
    }

    @Test
    void aRunKilledMidEpochResumesToTheSameWeightsBitForBit() throws Exception {
        Path straight = dir.resolve("straight.safetensors");
        List<String> a = new ArrayList<>(RUN);
        a.addAll(List.of("--save", straight.toString()));
        runInProcess(a);

        Path ck = dir.resolve("checkpoints");
        Path checkpoint = ck.resolve("trial-1").resolve("checkpoint.safetensors");
        List<String> cmd = ChildJvm.drtp();
        cmd.addAll(RUN);
        cmd.addAll(List.of("--checkpoint-dir", ck.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(checkpoint), "the child wrote no checkpoint: " + Files.readString(dir.resolve("child.log")));
        Thread.sleep(150); // into the next epoch
        p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no chance to tidy up
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), "the child must have been killed, not have finished");
        // A kill between moving the latest checkpoint aside and writing the next one leaves only the previous
        // one, which Checkpoints then resumes from (its documented recovery): both states are valid here.
        Path latest = Files.exists(checkpoint) ? checkpoint : ck.resolve("trial-1").resolve("checkpoint.previous.safetensors");
        int epochAtKill = Integer.parseInt(SafeTensors.read(latest).metadata().get("epoch"));
        assertTrue(epochAtKill >= 1 && epochAtKill < 6, "killed after epoch " + epochAtKill);

        Path resumed = dir.resolve("resumed.safetensors");
        List<String> b = new ArrayList<>(RUN);
        b.addAll(List.of("--checkpoint-dir", ck.toString(), "--resume", "--save", resumed.toString()));
        runInProcess(b);

        SafeTensors.Content x = SafeTensors.read(straight);
        SafeTensors.Content y = SafeTensors.read(resumed);
        assertEquals(x.tensors().keySet(), y.tensors().keySet());
        for (String name : x.tensors().keySet()) {
            assertArrayEquals(x.tensors().get(name).f32(), y.tensors().get(name).f32(), name + " differs after resume");
        }
        assertTrue(Arrays.stream(ck.toFile().listFiles()).noneMatch(f -> f.getName().endsWith(".tmp")));
    }
}
