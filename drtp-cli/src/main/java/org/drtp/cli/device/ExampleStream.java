package org.drtp.cli.device;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.data.TrainTest;
import org.drtp.device.Quantizer;

/**
 * The stream file the firmware harness reads ({@code stream.bin}, format in harness.c and docs/on-device.md):
 * a header, then each example's integer input values (little-endian, {@code bytesPerInput} each) and its label
 * byte. The first {@code learnCount} examples are learned prequentially, the rest only predicted.
 */
public final class ExampleStream {

    private static final int MAGIC = 0x53505244;
    private static final int VERSION = 1;

    /** The examples, as the integers the device receives. */
    public interface Source {
        /** Example i's input values, already in the learner's input format (e.g. 0..255 for uint8). */
        void inputs(int i, int[] dst);

        int label(int i);

        /**
         * A split's training examples, then its test examples, as raw device inputs (pixels 0..255: the inverse of
         * the 1/255 scaling, {@link Quantizer#toRaw}).
         */
        static Source trainThenTest(TrainTest data) {
            int n = data.train().exampleSize();
            int learn = data.train().size();
            float[] x = new float[n];
            return new Source() {
                @Override
                public void inputs(int i, int[] dst) {
                    (i < learn ? data.train() : data.test()).copyFeatures(i < learn ? i : i - learn, x, 0);
                    Quantizer.toRaw(x, dst, n);
                }

                @Override
                public int label(int i) {
                    return i < learn ? data.train().label(i) : data.test().label(i - learn);
                }
            };
        }
    }

    private ExampleStream() {
    }

    public static void write(Path file, int inputs, int bytesPerInput, int learnCount, int testCount, Source source)
            throws IOException {
        if (bytesPerInput != 1 && bytesPerInput != 2) {
            throw new IllegalArgumentException("bytes per input value: expected 1 or 2, got " + bytesPerInput);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(VERSION).putInt(inputs).putInt(bytesPerInput).putInt(learnCount)
                    .putInt(testCount);
            out.write(header.array());
            int[] x = new int[inputs];
            // Signed or unsigned: drtp_input_t may be uint8_t, int8_t or int16_t (docs/on-device.md).
            int min = bytesPerInput == 1 ? -128 : -32768;
            int max = bytesPerInput == 1 ? 255 : 65535;
            ByteBuffer record = ByteBuffer.allocate(inputs * bytesPerInput + 1).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < learnCount + testCount; i++) {
                source.inputs(i, x);
                record.clear();
                for (int v : x) {
                    if (v < min || v > max) {
                        throw new IllegalArgumentException("example " + i + ": input value " + v + " does not fit "
                                + bytesPerInput + " byte(s)");
                    }
                    if (bytesPerInput == 1) {
                        record.put((byte) v);
                    } else {
                        record.putShort((short) v);
                    }
                }
                int label = source.label(i);
                if (label < 0 || label > 255) {
                    throw new IllegalArgumentException("example " + i + ": label " + label + " does not fit a byte");
                }
                record.put((byte) label);
                out.write(record.array());
            }
        }
    }
}
