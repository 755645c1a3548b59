package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.cli.CliRun.Result;
import org.drtp.data.Cifar10Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line for conv networks, CIFAR-10 and {@code datasets}; no network access. */
class ConvAndDatasetsCliTest {

    @TempDir
    Path dir;

    @Test
    void trainsAFrozenConvNetworkOnCifarFilesWithFlipAugmentation() throws IOException {
        int i = 0;
        for (String f : Cifar10Format.files()) {
            byte[] pixels = new byte[2 * Cifar10Format.IMAGE_BYTES];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) (p * 7 + i);
            }
            Files.write(dir.resolve(f), Cifar10Format.encode(new int[] {i % 10, (i + 3) % 10}, pixels));
            i++;
        }
        Result r = run("train", "--dataset", "cifar10", "--data-dir", dir.toString(), "--topology", "CONV_4_3_1_1_FC_10",
                "--epochs", "2", "--batch-size", "4", "--train-mode", "drtp", "--freeze-conv-layers", "--augment", "flip",
                "--conv-act", "relu", "--loss", "ce", "--output-act", "none");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("drtp CONV_4_3_1_1_FC_10 on cifar10: test error"), r.out());
    }

    @Test
    void badConvFlagsAreUsageErrorsNamingTheFlag() {
        Result act = run("train", "--conv-act", "none", "--topology", "CONV_4_5_1_2_FC_10", "--epochs", "1");
        assertEquals(Errors.USAGE, act.code());
        assertTrue(act.err().contains("--conv-act"), act.err());
        Result aug = run("train", "--augment", "rotate", "--epochs", "1");
        assertEquals(Errors.USAGE, aug.code());
        assertTrue(aug.err().contains("--augment") && aug.err().contains("none or flip"), aug.err());
        Result shape = run("train", "--topology", "CONV_4_31_1_0_FC_10", "--epochs", "1");
        assertEquals(Errors.USAGE, shape.code());
        assertTrue(shape.err().contains("CONV_4_31_1_0") && shape.err().contains("does not fit"), shape.err());
    }

    @Test
    void datasetsListShowsEveryDatasetAndDownloadRefusesUnknownNames() {
        Result list = run("datasets", "list");
        assertEquals(0, list.code(), list.err());
        for (String id : new String[] {"mnist-10k", "mnist", "fashion-mnist", "cifar10"}) {
            assertTrue(list.out().contains(id), list.out());
        }
        Result bad = run("datasets", "download", "imagenet");
        assertEquals(Errors.USAGE, bad.code());
        assertTrue(bad.err().contains("mnist, cifar10"), bad.err());
    }
}
