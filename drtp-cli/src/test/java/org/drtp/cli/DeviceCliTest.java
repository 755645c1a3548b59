package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.drtp.cli.CliRun.Result;
import org.drtp.data.Normalization;
import org.drtp.device.CExport;
import org.drtp.device.DeviceModelFile;
import org.drtp.model.ModelFile;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integer (device) path from the command line: stream/train --precision, export-c, inspect --precision. */
class DeviceCliTest {

    @TempDir
    Path dir;

    private Path csv(int rows) throws Exception {
        return PixelCsv.write(dir.resolve("s.csv"), rows, false, -1);
    }

    private Path floatModel(String topology, String rule, float setFirstWeight) throws Exception {
        Shape shape = topology.startsWith("CONV") ? new Shape(1, 8, 8) : Shape.vector(6);
        Network net = Network.build(topology, shape, NetworkOptions.defaults(), new Rng(1));
        LearningRule r = LearningRules.create(rule);
        r.initialise(net, new Rng(2));
        if (!Float.isNaN(setFirstWeight)) {
            net.layer(0).weight().value()[0] = setFirstWeight;
        }
        Path f = dir.resolve(topology + "-" + rule + ".safetensors");
        ModelFile.save(f, new ModelFile.Model(net, r, Loss.BCE, Normalization.unitInterval(), net.outputSize()));
        return f;
    }

    private static void assertOneLineFailure(Result r, String... mentions) {
        assertNotEquals(0, r.code(), r.out() + r.err());
        r.assertOneLineNaming(mentions);
    }

    @Test
    void streamsInInt8SavesADeviceModelThatKeepsLearningAndExports() throws Exception {
        Path data = csv(3000);
        Path model = dir.resolve("dev.safetensors");
        Result r = run("stream", "--precision", "int8", "--topology", "FC_32_FC_3", "--input", data.toString(),
                "--input-scale", "0.00392156862745098", "--lr", "0.1", "--report-every", "3000", "--save", model.toString());
        assertEquals(0, r.code(), r.err());
        double acc = Double.parseDouble(r.out().strip().split("\n")[0].replaceAll(".*rolling accuracy ([0-9.]+) %.*", "$1"));
        assertTrue(acc > 70, "int8 learns the stream: " + acc);
        assertEquals(3000, DeviceModelFile.load(model).network().learned());

        Result again = run("stream", "--precision", "int8", "--model", model.toString(), "--input", data.toString(),
                "--report-every", "3000");
        assertEquals(0, again.code(), again.err());
        assertEquals(6000, DeviceModelFile.load(model).network().learned(), "saved again after more learning");
        double resumed = Double.parseDouble(again.out().strip().split("\n")[0].replaceAll(".*cumulative ([0-9.]+) %.*", "$1"));
        assertTrue(resumed > 75, "kept what it learned: " + resumed);

        Result mismatch = run("stream", "--precision", "int16", "--model", model.toString(), "--input", data.toString());
        assertOneLineFailure(mismatch, "int8 device model");
        Result asFloat = run("stream", "--model", model.toString(), "--input", data.toString());
        assertOneLineFailure(asFloat, "device (integer) model");
        Result predicted = run("predict", "--model", model.toString(), "--input", data.toString());
        assertEquals(Errors.USAGE, predicted.code(), predicted.err());
        assertOneLineFailure(predicted, "is a device (integer) model: predict runs float models", "drtp evaluate");

        Path out = dir.resolve("c");
        Result e = run("export-c", "--model", model.toString(), "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        for (String f : CExport.FILES) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertTrue(Files.readString(out.resolve("drtp_learner.h")).contains("#define DRTP_N_INPUTS  6 "));
        Result replaced = run("export-c", "--model", model.toString(), "--out", out.toString(), "--precision", "int8");
        assertEquals(0, replaced.code(), "an earlier export is replaced: " + replaced.err());
        assertNoLeftovers();
    }

    @Test
    void exportOfAFloatModelReportsTheSizesInspectShows() throws Exception {
        Network net = Network.build("FC_100_FC_10", new Shape(1, 28, 28), NetworkOptions.defaults(), new Rng(1));
        LearningRule r = LearningRules.create("drtp");
        r.initialise(net, new Rng(2));
        Path f = dir.resolve("f.safetensors");
        ModelFile.save(f, new ModelFile.Model(net, r, Loss.BCE, Normalization.unitInterval(), 10));
        Result e = run("export-c", "--model", f.toString(), "--out", dir.resolve("c").toString(), "--lr", "0.1");
        assertEquals(0, e.code(), e.err());
        long ram = Long.parseLong(e.out().replaceAll("(?s).*static RAM (\\d+) bytes.*", "$1"));
        Result i = run("inspect", "--topology", "FC_100_FC_10", "--precision", "int8", "--json");
        assertEquals(0, i.code(), i.err());
        String[] lines = i.out().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(ram, json.get("device").get("static_ram_bytes").asLong());
        assertTrue(ram < 128 * 1024, "FC_100_FC_10 learns in 128 KiB of RAM: " + ram);
    }

    @Test
    void unsupportedOrUnfitModelsAreRefusedWithOneLineAndNoOutput() throws Exception {
        Path out = dir.resolve("c");
        assertOneLineFailure(run("export-c", "--model", floatModel("CONV_4_3_1_1_FC_10", "drtp", Float.NaN).toString(),
                "--out", out.toString()), "conv layer");
        assertOneLineFailure(run("export-c", "--model", floatModel("FC_8_FC_3", "bp", Float.NaN).toString(),
                "--out", out.toString()), "rule bp");
        assertOneLineFailure(run("export-c", "--model", floatModel("FC_8_FC_3", "drtp", 1000f).toString(),
                "--out", out.toString()), "layer 0", "saturates");
        assertOneLineFailure(run("export-c", "--model", floatModel("FC_8_FC_3", "drtp", 30f).toString(),
                "--out", out.toString()), "layer 0", "round to 0", "unfit");
        assertOneLineFailure(run("export-c", "--model", floatModel("FC_8_FC_3", "drtp", Float.NaN).toString(),
                "--out", out.toString(), "--precision", "float32"), "--precision");
        assertFalse(Files.exists(out), "nothing written");
        Path busy = dir.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("notes.txt"), "mine");
        assertOneLineFailure(run("export-c", "--model", floatModel("FC_8_FC_3", "drtp", Float.NaN).toString(),
                "--out", busy.toString()), "holds notes.txt", "which export-c does not write");
        assertEquals("mine", Files.readString(busy.resolve("notes.txt")));
        assertNoLeftovers();
    }

    @Test
    void inspectRefusesADeviceItCannotMeasureBeforePrintingAnything() {
        for (String[] args : new String[][] {
                {"inspect", "--precision", "int8", "--topology", "CONV_4_5_1_2_FC_10"},
                {"inspect", "--precision", "int8", "--topology", "CONV_4_5_1_2_FC_10", "--json"},
                {"inspect", "--precision", "float32", "--topology", "FC_8_FC_10"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), r.err());
            assertOneLineFailure(r, args[2].equals("int8") ? "conv layer" : "--precision");
            assertEquals("", r.out(), "nothing on stdout before the error");
        }
    }

    @Test
    void integerTrainingNeedsDrtpSgdAndBatchOne() {
        assertOneLineFailure(run("train", "--precision", "int8", "--topology", "FC_8_FC_10", "--epochs", "1"),
                "plain sgd at batch size 1");
        assertOneLineFailure(run("train", "--precision", "int9"), "--precision");
        assertOneLineFailure(run("stream", "--precision", "int8", "--topology", "FC_8_FC_3", "--optimizer", "adam"),
                "plain sgd at micro-batch 1");
    }

    private void assertNoLeftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directories left");
        }
    }

    @Test
    void integerOnlyFlagsAreRefusedWhereTheyWouldBeIgnored() throws Exception {
        Path m = floatModel("FC_8_FC_10", "drtp", Float.NaN);
        Path data = csv(20);
        Result r = run("train", "--topology", "FC_8_FC_10", "--epochs", "1", "--headroom-bits", "3");
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertOneLineFailure(r, "--headroom-bits: only used with an integer --precision (int8, int16,", "this run is float32");
        r = run("stream", "--topology", "FC_8_FC_10", "--feedback", "seed", "--input", data.toString());
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertOneLineFailure(r, "--feedback: only used with an integer --precision");
        r = run("evaluate", "--model", m.toString(), "--headroom-bits", "3");
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertOneLineFailure(r, "--headroom-bits: only used with an integer --precision");
        r = run("export-c", "--model", m.toString(), "--out", dir.resolve("c").toString(), "--feedback-seed", "7");
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertOneLineFailure(r, "--feedback-seed: only used with --feedback seed");
        r = run("export-c", "--model", m.toString(), "--out", dir.resolve("c").toString(), "--feedback", "seed",
                "--feedback-seed", "7");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void flagsASavedModelWouldIgnoreAreRefused() throws Exception {
        Path data = csv(50);
        Path m = floatModel("FC_8_FC_3", "drtp", Float.NaN);
        for (String[] flag : new String[][] {{"--train-mode", "bp"}, {"--input-scale", "0.5"}}) {
            Result r = run("stream", "--model", m.toString(), "--input", data.toString(), flag[0], flag[1]);
            assertEquals(Errors.USAGE, r.code(), r.err());
            assertOneLineFailure(r, flag[0] + ": only for a new network (--topology)");
        }
        Path dev = dir.resolve("dev.safetensors");
        assertEquals(0, run("stream", "--precision", "int8", "--topology", "FC_8_FC_3", "--input", data.toString(),
                "--save", dev.toString()).code());
        Result r = run("export-c", "--model", dev.toString(), "--out", dir.resolve("c").toString(), "--lr", "0.5");
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertOneLineFailure(r, "--lr: only used to quantise a float model", "is a device model");
        assertEquals(0, run("export-c", "--model", dev.toString(), "--out", dir.resolve("c").toString()).code());
    }
}
