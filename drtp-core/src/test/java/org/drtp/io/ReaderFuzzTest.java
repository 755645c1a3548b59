package org.drtp.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.drtp.data.CsvFormat;
import org.drtp.data.DataException;
import org.drtp.data.IdxFile;
import org.drtp.loss.Loss;
import org.drtp.model.ModelFile;
import org.drtp.model.ModelState;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.data.Normalization;
import org.drtp.tensor.Shape;
import org.drtp.testing.Mutations;
import org.drtp.data.Cifar10Format;

/**
 * Random and mutated bytes for every reader: each input either loads or fails with the project's own
 * {@link DataException}: no other exception, no unbounded allocation (the suite runs with a 4 GB heap and
 * inputs of a few kilobytes, so an allocation driven by a lying header would fail the property), no hang.
 */
class ReaderFuzzTest {

    private static final int TRIES = 10_000;
    private static byte[] validIdx;
    private static byte[] validIdxGz;
    private static byte[] validModel;
    private static byte[] validCifar;
    private static Path tmp;

    @BeforeContainer
    static void fixtures() throws IOException {
        byte[] pixels = new byte[3 * 4 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        validIdx = IdxFile.encodeUbyte(new int[] {3, 4, 5}, pixels);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(validIdx);
        }
        validIdxGz = bos.toByteArray();
        Network net = Network.build("FC_6_FC_5_FC_3", Shape.vector(4), NetworkOptions.defaults(), new Rng(1));
        LearningRule rule = LearningRules.create("drtp");
        rule.initialise(net, new Rng(2));
        byte[] images = new byte[2 * Cifar10Format.IMAGE_BYTES];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) (i * 13);
        }
        validCifar = Cifar10Format.encode(new int[] {3, 9}, images);
        validModel = SafeTensors.encode(ModelFile.metadata(new ModelFile.Model(net, rule, Loss.BCE,
                Normalization.unitInterval(), 3)), ModelState.of(net, rule).tensors());
        tmp = Files.createTempDirectory("drtp-fuzz");
    }

    @AfterContainer
    static void cleanup() throws IOException {
        Mutations.deleteTree(tmp);
    }

    @Provide
    Arbitrary<byte[]> idxBytes() {
        return Arbitraries.oneOf(Mutations.around(validIdx), Mutations.around(validIdxGz));
    }

    @Provide
    Arbitrary<byte[]> cifarBytes() {
        return Mutations.around(validCifar);
    }

    @Provide
    Arbitrary<byte[]> modelBytes() {
        return Arbitraries.oneOf(Mutations.around(validModel), metadataMutations());
    }

    /** A valid model whose metadata fields take hostile values (huge topologies, wrong shapes, bad ids). */
    private static Arbitrary<byte[]> metadataMutations() {
        Arbitrary<String> key = Arbitraries.of("format", "format_version", "topology", "input_shape", "hidden_act",
                "output_act", "conv_act", "dropout", "train_mode", "loss", "label_count", "input_normalization", "frozen");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("FC_99999999_FC_3", "FC_6_FC_5_FC_4", "FC_3",
                "CONV_3_3_1_1_FC_3", "1x1x100000000", "1x2x2", "0x1x4", "x", "-1", "3", "1.5", "nan", "fa", "bp", "dfa",
                "shallow", "relu", "none", "ce", "mse", "scale=0", "scale=1;mean=1;std=0", "layers.0.weight", "2", ""),
                Arbitraries.strings().ofMaxLength(12));
        return Mutations.metadata(validModel, key, value);
    }

    @Provide
    Arbitrary<String> csvText() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.floats().map(f -> Float.toString(f)),
                Arbitraries.integers().between(-3, 12).map(Object::toString),
                Arbitraries.strings().ofMaxLength(4), Arbitraries.of("nan", "Infinity", "1e999", "", "#", "-", "0x1p3"));
        Arbitrary<String> line = token.list().ofMaxSize(6).map(l -> String.join(",", l));
        return line.list().ofMaxSize(8).map(l -> String.join("\n", l));
    }

    @Property(tries = TRIES)
    void idxReaderLoadsOrFailsCleanly(@ForAll("idxBytes") byte[] bytes) {
        try {
            IdxFile f = IdxFile.read(new ByteArrayInputStream(bytes), "fuzz.idx", bytes.length);
            for (int i = 0; i < f.count(); i++) {
                f.valueAt(i);
            }
        } catch (DataException expected) {
            // the one allowed failure
        }
    }

    @Property(tries = TRIES)
    void modelLoaderLoadsOrFailsCleanly(@ForAll("modelBytes") byte[] bytes) {
        try {
            ModelFile.Model m = ModelFile.fromContent(SafeTensors.decode(bytes, "fuzz.safetensors"), "fuzz.safetensors");
            new org.drtp.nn.Inference(m.network(), 1).run(new float[m.network().inputShape().size()], 1);
        } catch (DataException expected) {
            // the one allowed failure
        }
    }

    @Property(tries = TRIES)
    void cifarReaderLoadsOrFailsCleanly(@ForAll("cifarBytes") byte[] bytes) throws IOException {
        Path f = tmp.resolve("fuzz_batch.bin");
        Files.write(f, bytes);
        try {
            Cifar10Format.read("fuzz", java.util.List.of(f));
        } catch (DataException expected) {
            // the one allowed failure
        }
    }

    @Property(tries = TRIES)
    void csvReaderLoadsOrFailsCleanly(@ForAll("csvText") String text) throws IOException {
        Path f = tmp.resolve("fuzz.csv");
        Files.writeString(f, text);
        try {
            CsvFormat.labelled(f, 0);
        } catch (DataException expected) {
            // the one allowed failure
        }
    }
}
