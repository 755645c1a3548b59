package org.drtp.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.drtp.data.DataException;
import org.drtp.data.Normalization;
import org.drtp.data.TrainTest;
import org.drtp.io.SafeTensors;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.train.Checkpoints;
import org.drtp.train.RunConfig;
import org.drtp.testing.Mutations;
import org.drtp.testing.TestNets;

/**
 * Any single byte of tensor data changed to any other value, in a model file or a checkpoint, is refused with
 * a message naming the file (issue: "no trusted corruption"). Without the checksum most such flips load: a
 * changed low mantissa byte is a plausible weight.
 */
class ChecksumFlipTest {

    private static final TrainTest DATA = new TrainTest(TestNets.argmaxDataset("train", 40, 6, 3, 1),
            TestNets.argmaxDataset("test", 20, 6, 3, 2));
    private static final RunConfig CONFIG = new RunConfig(Topology.parse("FC_5_FC_3"), "drtp", "adam", 5e-3, Loss.BCE,
            1, 8, 1, 5, NetworkOptions.defaults(), false);
    private static Path dir;
    private static Checkpoints store;
    private static byte[] model;
    private static byte[] checkpoint;

    @BeforeContainer
    static void fixtures() throws IOException {
        dir = Files.createTempDirectory("drtp-checksum-flip");
        store = new Checkpoints(dir.resolve("ck"), CONFIG.fingerprint("argmax"));
        RunConfig.TrialOutcome o = CONFIG.runTrial(DATA, 0, List.of(), store);
        checkpoint = Files.readAllBytes(store.file(0));
        Path m = dir.resolve("m.safetensors");
        ModelFile.save(m, new ModelFile.Model(o.network(), o.rule(), Loss.BCE, Normalization.identity(), 3));
        model = Files.readAllBytes(m);
    }

    @AfterContainer
    static void cleanup() throws IOException {
        Mutations.deleteTree(dir);
    }

    /** The file with one byte of its tensor data (after the header) changed to a different value. */
    private static Arbitrary<byte[]> flipped(byte[] valid) {
        long header = ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int dataStart = (int) (8 + header);
        return Combinators.combine(Arbitraries.integers().between(dataStart, valid.length - 1),
                Arbitraries.integers().between(1, 255)).as((pos, xor) -> {
                    byte[] b = valid.clone();
                    b[pos] ^= (byte) (int) xor;
                    return b;
                });
    }

    @Provide
    Arbitrary<byte[]> flippedModels() {
        return flipped(model);
    }

    @Provide
    Arbitrary<byte[]> flippedCheckpoints() {
        return flipped(checkpoint);
    }

    @Property(tries = 1000)
    void aModelFileWithOneFlippedTensorByteIsRefused(@ForAll("flippedModels") byte[] bytes) {
        DataException e = assertThrows(DataException.class,
                () -> ModelFile.fromContent(SafeTensors.decode(bytes, "m.safetensors"), "m.safetensors"));
        assertTrue(e.getMessage().startsWith("m.safetensors: damaged"), e.getMessage());
    }

    @Property(tries = 1000)
    void aCheckpointWithOneFlippedTensorByteIsNeverResumed(@ForAll("flippedCheckpoints") byte[] bytes) throws IOException {
        Files.write(store.file(0), bytes);
        Files.deleteIfExists(store.previousFile(0));
        Checkpoints.Damaged e = assertThrows(Checkpoints.Damaged.class,
                () -> CONFIG.withEpochs(2).runTrial(DATA, 0, List.of(), store));
        assertTrue(e.getMessage().startsWith(store.file(0) + ": damaged"), e.getMessage());
    }
}
