package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtp.cli.CliRun.Result;
import org.drtp.data.Normalization;
import org.drtp.device.DeviceModelFile;
import org.drtp.loss.Loss;
import org.drtp.model.ModelFile;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What train, stream, predict and evaluate refuse so that nothing computed is lost: a --save onto the run's own
 * files, a resumed run replacing a file it did not write, a float model replaced by a device model, empty paths.
 */
class OutputGuardsTest {

    @TempDir
    Path dir;

    /** Exit 2, one line naming each of {@code mentions}, nothing on stdout. */
    static void assertUsage(Result r, String... mentions) {
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertOneLine(r, mentions);
    }

    static void assertOneLine(Result r, String... mentions) {
        r.assertOneLineNaming(mentions);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), () -> "stack trace: " + r.err());
    }

    @Test
    void saveOntoAFileOfTheRunsOutIsRefusedBeforeTraining() throws IOException {
        for (String f : List.of("summary.json", "metrics.csv", "manifest.json", "alignment.csv", ".drtp.lock")) {
            Path out = Files.createDirectories(dir.resolve("o-" + f));
            Result r = run("train", "--topology", "FC_8_FC_10", "--epochs", "1", "--out", out.toString(),
                    "--save", out.resolve(f).toString());
            assertUsage(r, "--save", f, "--out");
            try (var left = Files.list(out)) {
                assertEquals(0, left.count(), "nothing written");
            }
        }
        // every trial's file is checked: with two trials, summary.json is not one of them; and --save may name a
        // file in an --out directory that this run creates
        Path out = dir.resolve("o2");
        Result r = run("train", "--topology", "FC_8_FC_10", "--epochs", "1", "--trials", "2", "--out", out.toString(),
                "--save", out.resolve("summary.json").toString(), "--checkpoint-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("summary-trial2.json")));
    }

    @Test
    void saveIntoTheCheckpointsOfTheRunIsRefused() throws IOException {
        Path ck = dir.resolve("ck");
        assertEquals(0, run("train", "--topology", "FC_8_FC_10", "--epochs", "1", "--checkpoint-dir", ck.toString()).code());
        Path previous = ck.resolve("trial-1").resolve("checkpoint.previous.safetensors");
        Result r = run("train", "--topology", "FC_8_FC_10", "--epochs", "2", "--checkpoint-dir", ck.toString(),
                "--resume", "--save", previous.toString());
        assertUsage(r, "--save", "trial-1", "--checkpoint-dir");
        Result record = run("train", "--topology", "FC_8_FC_10", "--epochs", "2", "--checkpoint-dir", ck.toString(),
                "--resume", "--save", ck.resolve("saved-models.txt").toString());
        assertUsage(record, "--save", "saved-models.txt");
        Path fresh = dir.resolve("ck2");
        Result trial2 = run("train", "--topology", "FC_8_FC_10", "--epochs", "1", "--trials", "2", "--checkpoint-dir",
                fresh.toString(), "--save", fresh.resolve("trial-2").resolve("m").toString());
        assertUsage(trial2, "--save", "trial-2", "--checkpoint-dir");
        assertFalse(Files.exists(fresh), "the --checkpoint-dir this run created is removed again");
    }

    @Test
    void resumeReplacesOnlyTheSavesOfTheCheckpointedRun() throws IOException {
        Path ck = dir.resolve("ck");
        Path model = dir.resolve("m.safetensors");
        Result first = run("train", "--topology", "FC_8_FC_10", "--epochs", "1", "--checkpoint-dir", ck.toString(),
                "--save", model.toString());
        assertEquals(0, first.code(), first.err());
        byte[] after1 = Files.readAllBytes(model);

        Path other = Files.write(dir.resolve("other.safetensors"), after1);
        Result foreign = run("train", "--topology", "FC_8_FC_10", "--epochs", "2", "--checkpoint-dir", ck.toString(),
                "--resume", "--save", other.toString());
        assertUsage(foreign, "--save", other.toString(), "--checkpoint-dir", "--overwrite");

        Result more = run("train", "--topology", "FC_8_FC_10", "--epochs", "2", "--checkpoint-dir", ck.toString(),
                "--resume", "--save", model.toString());
        assertEquals(0, more.code(), more.err());
        assertFalse(java.util.Arrays.equals(after1, Files.readAllBytes(model)), "the resumed run saved again");
        assertArrayEquals(after1, Files.readAllBytes(other), "the other file is untouched");
    }

    @Test
    void aFloatModelStreamedAtAnIntegerPrecisionIsNotReplacedByTheDeviceModel() throws Exception {
        Path data = PixelCsv.write(dir.resolve("s.csv"), 50, false, -1);
        Network net = Network.build("FC_8_FC_3", Shape.vector(6), NetworkOptions.defaults(), new Rng(1));
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, new Rng(2));
        Path model = dir.resolve("float.safetensors");
        ModelFile.save(model, new ModelFile.Model(net, rule, Loss.BCE, Normalization.unitInterval(), 3));
        byte[] before = Files.readAllBytes(model);

        Result inPlace = run("stream", "--model", model.toString(), "--input", data.toString(), "--precision", "int8");
        assertUsage(inPlace, "--save", "--precision");
        Result same = run("stream", "--model", model.toString(), "--input", data.toString(), "--precision", "int8",
                "--save", model.toString());
        assertUsage(same, "--save", "--precision");
        assertArrayEquals(before, Files.readAllBytes(model), "the float model is kept");

        Path device = dir.resolve("device.safetensors");
        Result saved = run("stream", "--model", model.toString(), "--input", data.toString(), "--precision", "int8",
                "--save", device.toString());
        assertEquals(0, saved.code(), saved.err());
        assertEquals(50, DeviceModelFile.load(device).network().learned());
        // the other way: a device model is refused at float precision (it would be read as a float model)
        Result asFloat = run("stream", "--model", device.toString(), "--input", data.toString(), "--save",
                dir.resolve("f2.safetensors").toString());
        assertUsage(asFloat, "--precision");
    }
}
