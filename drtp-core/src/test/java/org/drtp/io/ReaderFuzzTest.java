package org.drtp.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.drtp.data.CsvFormat;
import org.drtp.data.DataException;
import org.drtp.data.IdxFile;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.nn.NetworkOptions;
import org.drtp.random.Rng;
import org.drtp.rule.LearningRule;
import org.drtp.rule.LearningRules;
import org.drtp.data.Normalization;
import org.drtp.tensor.Shape;

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
        validModel = SafeTensors.encode(ModelFile.metadata(new ModelFile.Model(net, rule, Loss.BCE,
                Normalization.unitInterval(), 3)), ModelFile.tensors(net, rule));
        tmp = Files.createTempDirectory("drtp-fuzz");
    }

    @AfterContainer
    static void cleanup() throws IOException {
        try (var s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Random bytes, or a valid file with a few bytes overwritten, inserted, or cut. */
    private static Arbitrary<byte[]> around(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, valid.length)).as((positions, values, kind, cut) -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    if (kind == 1) {
                        b = java.util.Arrays.copyOf(b, cut); // truncated
                    } else if (kind == 2) {
                        byte[] longer = java.util.Arrays.copyOf(b, b.length + values.size());
                        for (int i = 0; i < values.size(); i++) {
                            longer[b.length + i] = values.get(i); // trailing garbage
                        }
                        b = longer;
                    }
                    return b;
                });
        return Arbitraries.oneOf(random, mutated, mutated);
    }

    @Provide
    Arbitrary<byte[]> idxBytes() {
        return Arbitraries.oneOf(around(validIdx), around(validIdxGz));
    }

    @Provide
    Arbitrary<byte[]> modelBytes() {
        return Arbitraries.oneOf(around(validModel), metadataMutations());
    }

    /** A valid model whose metadata fields take hostile values (huge topologies, wrong shapes, bad ids). */
    private static Arbitrary<byte[]> metadataMutations() {
        Arbitrary<String> key = Arbitraries.of("format", "format_version", "topology", "input_shape", "hidden_act",
                "output_act", "conv_act", "dropout", "train_mode", "loss", "label_count", "input_normalization", "frozen");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("FC_99999999_FC_3", "FC_6_FC_5_FC_4", "FC_3",
                "CONV_3_3_1_1_FC_3", "1x1x100000000", "1x2x2", "0x1x4", "x", "-1", "3", "1.5", "nan", "fa", "bp", "dfa",
                "shallow", "relu", "none", "ce", "mse", "scale=0", "scale=1;mean=1;std=0", "layers.0.weight", "2", ""),
                Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(key, value).as((k, v) -> {
            SafeTensors.Content c = SafeTensors.decode(validModel, "valid");
            java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
            meta.put(k, v);
            return SafeTensors.encode(meta, c.tensors());
        });
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
