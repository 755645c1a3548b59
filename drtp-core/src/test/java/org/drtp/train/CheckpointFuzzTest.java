package org.drtp.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.drtp.data.DataException;
import org.drtp.data.TrainTest;
import org.drtp.loss.Loss;
import org.drtp.nn.NetworkOptions;
import org.drtp.nn.Topology;
import org.drtp.testing.Mutations;
import org.drtp.testing.TestNets;

/**
 * Damaged checkpoints given to {@code --resume}: each either resumes or fails with the project's own
 * {@link DataException} naming the file (or, for a checkpoint of other settings, the usual refusal); never
 * another exception, an unbounded allocation or a hang.
 */
class CheckpointFuzzTest {

    private static final int TRIES = 10_000;
    private static final TrainTest DATA = new TrainTest(TestNets.argmaxDataset("train", 40, 6, 3, 1),
            TestNets.argmaxDataset("test", 20, 6, 3, 2));
    private static final RunConfig CONFIG = new RunConfig(Topology.parse("FC_5_FC_3"), "drtp", "adam", 5e-3, Loss.BCE,
            1, 8, 1, 5, NetworkOptions.defaults().withDropout(0.2f), false);
    private static Path dir;
    private static Checkpoints store;
    private static byte[] valid;

    @BeforeContainer
    static void fixtures() throws IOException {
        dir = Files.createTempDirectory("drtp-checkpoint-fuzz");
        store = new Checkpoints(dir, CONFIG.fingerprint("argmax"));
        CONFIG.runTrial(DATA, 0, List.of(), store);
        valid = Files.readAllBytes(store.file(0));
    }

    @AfterContainer
    static void cleanup() throws IOException {
        Mutations.deleteTree(dir);
    }

    @Provide
    Arbitrary<byte[]> checkpointBytes() {
        return Arbitraries.oneOf(Mutations.around(valid), metadataMutations());
    }

    /** The valid checkpoint with one metadata field set to a hostile value. */
    private static Arbitrary<byte[]> metadataMutations() {
        Arbitrary<String> key = Arbitraries.of("format", "format_version", "trial", "epoch", "train_mode", "metrics");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("0", "1", "2", "-1", "2147483647", "x", "", "[]",
                        "[[0,1,0.5,null,0.4,10,0.3,0.1,0.01]]", "[[0,2,0.5,null,0.4,10,0.3,0.1,0.01]]",
                        "[[1,1,0.5,null,0.4,10,0.3,0.1,0.01]]", "[[0,1]]", "[[\"a\"]]", "[1]", "{\"a\":1}", "[[0,1,0.5",
                        "drtp-checkpoint", "bp"),
                Arbitraries.strings().ofMaxLength(12));
        return Mutations.metadata(valid, key, value);
    }

    @Property(tries = TRIES)
    void aDamagedCheckpointResumesOrFailsCleanly(@ForAll("checkpointBytes") byte[] bytes) throws IOException {
        Files.write(store.file(0), bytes);
        try {
            CONFIG.runTrial(DATA, 0, List.of(), store);
        } catch (DataException expected) {
            if (!expected.getMessage().contains(store.file(0).toString())) {
                throw new AssertionError("the message does not name the file: " + expected.getMessage());
            }
        } catch (IllegalArgumentException refused) {
            if (!refused.getMessage().contains("other settings")) {
                throw refused;
            }
        }
    }
}
