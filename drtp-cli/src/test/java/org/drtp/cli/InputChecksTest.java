package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.drtp.cli.OutputGuardsTest.assertOneLine;
import static org.drtp.cli.OutputGuardsTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.cli.CliRun.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and flags of train, stream, predict and evaluate that are refused with one line naming them. */
class InputChecksTest {

    @TempDir
    Path dir;

    @Test
    void integerPrecisionStreamsTakeOnlyRawPixelsAndNoOtherScale() throws Exception {
        Path unit = Files.writeString(dir.resolve("unit.csv"), "0,0.5,1,0,0,0,1\n");
        Path save = dir.resolve("d.safetensors");
        Result r = run("stream", "--precision", "int8", "--topology", "FC_8_FC_3", "--input", unit.toString(),
                "--save", save.toString());
        assertEquals(1, r.code(), r.err());
        assertOneLine(r, unit.toString(), "example 1", "column 2", "0.5", "0..255");
        assertFalse(Files.exists(save), "nothing learned, nothing saved");

        Path huge = Files.writeString(dir.resolve("huge.csv"), "1,2,3,4,5,6,0\n1,2,3,4,1e30,6,0\n");
        Result h = run("stream", "--precision", "int8", "--topology", "FC_8_FC_3", "--input", huge.toString(),
                "--save", save.toString());
        assertEquals(1, h.code(), h.err());
        assertEquals(2, h.errLines().size(), "the model of the example before is saved, then the error: " + h.err());
        assertOneLine(new Result(h.code(), "", h.errLines().get(1)), "example 2", "column 5", "0..255");

        Result scale = run("stream", "--precision", "int8", "--topology", "FC_8_FC_3", "--input", huge.toString(),
                "--input-scale", "0.0039", "--save", dir.resolve("s2.safetensors").toString());
        assertUsage(scale, "--input-scale", "--precision");
        Result zero = run("stream", "--topology", "FC_8_FC_3", "--input", huge.toString(), "--input-scale", "0");
        assertUsage(zero, "--input-scale");
    }

    @Test
    void emptyPathsAreRefusedNamingTheFlagInEveryCommand() {
        String[][] lines = {
            {"train", "--out", ""}, {"train", "--save", ""}, {"train", "--checkpoint-dir", ""}, {"train", "--data-dir", ""},
            {"stream", "--topology", "FC_8_FC_3", "--input", ""}, {"stream", "--model", ""}, {"stream", "--save", ""},
            {"predict", "--model", "m", "--input", ""}, {"predict", "--model", "", "--input", "x"},
            {"evaluate", "--model", ""}, {"evaluate", "--model", "m", "--data-dir", ""},
        };
        for (String[] line : lines) {
            Result r = run(line);
            String flag = line[java.util.Arrays.asList(line).indexOf("") - 1];
            assertEquals(2, r.code(), () -> String.join(" ", line) + ": " + r.err());
            assertOneLine(r, flag, "empty path");
        }
    }

    @Test
    void predictReadsStandardInputAndNamesADirectoryGivenAsInput() throws Exception {
        Path model = dir.resolve("m.safetensors");
        Path data = PixelCsv.write(dir.resolve("s.csv"), 20, false, -1);
        assertEquals(0, run("stream", "--topology", "FC_8_FC_3", "--input", data.toString(), "--save", model.toString())
                .code());
        java.io.InputStream stdin = System.in;
        Result r;
        try {
            System.setIn(Files.newInputStream(data));
            r = run("predict", "--model", model.toString(), "--input", "-");
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, r.code(), r.err());
        assertEquals(20, r.outLines().size());
        assertTrue(r.err().startsWith("error "), r.err());

        Path adir = Files.createDirectories(dir.resolve("adir"));
        assertUsage(run("predict", "--model", model.toString(), "--input", adir.toString()),
                "--input", "is a directory, expected a CSV or IDX file");
        assertUsage(run("stream", "--model", model.toString(), "--input", adir.toString()),
                "--input", "is a directory, expected a CSV or IDX file");
        assertUsage(run("stream", "--model", model.toString(), "--input", data.toString(), "--labels", adir.toString()),
                "--labels", "is a directory");
    }

    @Test
    void aBatchTooLargeForTheHeapNamesBatchSize() {
        Result r = run("train", "--topology", "FC_16_FC_10", "--epochs", "1", "--batch-size", "2147483647");
        assertUsage(r, "--batch-size 2147483647", "--topology", "needs about");
    }
}
