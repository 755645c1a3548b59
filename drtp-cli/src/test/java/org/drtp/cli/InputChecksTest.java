package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.drtp.cli.OutputGuardsTest.assertOneLine;
import static org.drtp.cli.OutputGuardsTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
