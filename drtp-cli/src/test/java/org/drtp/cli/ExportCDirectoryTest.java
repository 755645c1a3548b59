package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.drtp.cli.CliRun.Result;
import org.drtp.data.Normalization;
import org.drtp.device.CExport;
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

/** export-c --out: which directories it writes, replaces or refuses (docs/on-device.md, "The exported C"). */
class ExportCDirectoryTest {

    @TempDir
    Path dir;

    private Path model() throws Exception {
        Network net = Network.build("FC_8_FC_3", Shape.vector(6), NetworkOptions.defaults(), new Rng(1));
        LearningRule r = LearningRules.create("drtp");
        r.initialise(net, new Rng(2));
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, new ModelFile.Model(net, r, Loss.BCE, Normalization.unitInterval(), 3));
        return f;
    }

    private static Result export(Path model, String out) {
        return run("export-c", "--model", model.toString(), "--out", out);
    }

    private static void assertUsageError(Result r, String... mentions) {
        assertEquals(2, r.code(), r.out() + r.err());
        r.assertOneLineNaming(mentions);
    }

    @Test
    void aDirectoryHoldingAnythingButAnEarlierExportIsRefusedAndKeptWhole() throws Exception {
        Path m = model();
        Path earlier = dir.resolve("c1");
        assertEquals(0, export(m, earlier.toString()).code());
        Path proj = dir.resolve("proj");
        Files.createDirectories(proj.resolve("lib"));
        Files.copy(earlier.resolve("drtp_learner.h"), proj.resolve("drtp_learner.h"));
        Files.writeString(proj.resolve("main.c"), "int main(void){return 0;}\n");
        Files.writeString(proj.resolve("lib/notes.txt"), "precious");
        Path inside = Files.copy(m, proj.resolve("model.safetensors"));

        assertUsageError(export(inside, proj.toString()), "--out", proj.toString(), "holds lib");
        assertEquals("precious", Files.readString(proj.resolve("lib/notes.txt")));
        assertTrue(Files.isRegularFile(inside));
        assertTrue(Files.isRegularFile(proj.resolve("main.c")));
        assertFalse(Files.exists(proj.resolve("drtp_model.c")), "nothing written");

        Files.delete(proj.resolve("lib/notes.txt"));
        Files.delete(proj.resolve("lib"));
        assertUsageError(export(m, proj.toString()), "--out", "holds main.c");
        Files.delete(proj.resolve("main.c"));
        assertUsageError(export(m, proj.toString()), "--out", "holds model.safetensors");
        assertTrue(Files.isRegularFile(inside));

        Path shaped = Files.createDirectories(dir.resolve("c2").resolve("drtp_model.c")); // a directory named as a file
        assertUsageError(export(m, shaped.getParent().toString()), "holds drtp_model.c");
        assertTrue(Files.isDirectory(shaped));
        assertNoLeftovers();
    }

    @Test
    void anEarlierExportIsReplacedEditsIncludedAndTheOutputSaysSo() throws Exception {
        Path m = model();
        Path c = dir.resolve("c");
        Result first = export(m, c.toString());
        assertEquals(0, first.code(), first.err());
        assertFalse(first.out().contains("replaced"), first.out());
        Files.writeString(c.resolve("drtp_model.c"), "/* edited */");
        Files.delete(c.resolve("README.md")); // a part of an export is still an export
        Result again = export(m, c.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(replaced the earlier export there)"), again.out());
        for (String f : CExport.FILES) {
            assertTrue(Files.isRegularFile(c.resolve(f)), f);
        }
        assertFalse(Files.readString(c.resolve("drtp_model.c")).contains("edited"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, export(m, empty.toString()).code());
        assertNoLeftovers();
    }

    @Test
    void anEmptyOrUncreatableOutIsAUsageErrorNamingThePathGiven() throws Exception {
        Path m = model();
        assertUsageError(export(m, ""), "--out", "got an empty path"); // the CLI's path converter (Main)
        Path file = Files.writeString(dir.resolve("plain"), "x");
        String under = file.resolve("c").toString();
        Result r = export(m, under);
        assertUsageError(r, "--out", under, "cannot create directory");
        assertFalse(r.err().contains(".tmp-"), r.err());
        assertUsageError(export(m, file.toString()), "--out", "is a file");
        assertNoLeftovers();
    }

    private void assertNoLeftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directories left");
        }
    }
}
