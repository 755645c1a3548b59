package org.drtp.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Labelled examples arriving one at a time (a sensor, a file, standard input), for online learning. The input
 * size is fixed by the first example. {@link #next} fills a caller's array, so reading allocates nothing per
 * example beyond what the text parser needs.
 */
public interface LabelledStream extends Closeable {

    /** Number of features per example; known after the first {@link #next} (or from the format). */
    int inputSize();

    /**
     * Reads the next example's features into {@code x} (at least {@link #inputSize()} long once known, or
     * {@link #MAX_INPUTS} before) and returns its label, or -1 at the end of the stream.
     */
    int next(float[] x);

    /**
     * True when the next {@link #next} can return without waiting for its source (an example, or the end, is
     * already read or buffered), so that a reader may take the examples at hand as one burst without delaying any.
     * False by default: a stream that cannot tell is read one example at a time.
     */
    default boolean ready() {
        return false;
    }

    /** Largest input size a stream accepts (a guard against a runaway line). */
    int MAX_INPUTS = 1 << 20;

    @Override
    default void close() {
    }

    /** CSV text: features, then the integer label as the last column (see {@link CsvFormat}). */
    static LabelledStream csv(BufferedReader reader, String source) {
        return new LabelledStream() {
            private int width = -1;
            private int lineNo;
            private float[] row = new float[1024];

            @Override
            public int inputSize() {
                return width - 1;
            }

            @Override
            public int next(float[] x) {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lineNo++;
                        line = CsvFormat.withoutBom(line, lineNo);
                        if (lineNo == 1 && CsvFormat.isHeader(line)) {
                            continue;
                        }
                        int n = parse(line);
                        if (n < 0) {
                            continue;
                        }
                        if (width < 0) {
                            if (n < 2) {
                                throw new DataException(source + " line " + lineNo + ": a labelled example needs features and a label");
                            }
                            width = n;
                        } else if (n != width) {
                            throw new DataException(source + " line " + lineNo + ": " + n + " values, earlier lines have " + width);
                        }
                        int label = CsvFormat.classLabel(row[n - 1], 0, source + " line " + lineNo);
                        System.arraycopy(row, 0, x, 0, n - 1);
                        return label;
                    }
                    return -1;
                } catch (IOException e) {
                    throw new UncheckedIOException(source + ": " + e.getMessage(), e);
                }
            }

            @Override
            public boolean ready() {
                try {
                    return reader.ready(); // a line partly written may still keep the next call waiting
                } catch (IOException e) {
                    return false; // the next call reports it
                }
            }

            private int parse(String line) {
                while (true) {
                    try {
                        return CsvFormat.parseLine(line, lineNo, source, row);
                    } catch (DataException e) {
                        // The row buffer grows until it holds the widest line allowed.
                        if (width < 0 && row.length < MAX_INPUTS + 1 && e.getMessage().contains("expected at most")) {
                            row = Arrays.copyOf(row, Math.min(MAX_INPUTS + 1, row.length * 4));
                            continue;
                        }
                        throw e;
                    }
                }
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The examples of a dataset in the given order, with labels mapped through {@code labelMap} (null: as is). */
    static LabelledStream of(Dataset data, int[] order, int[] labelMap) {
        return new LabelledStream() {
            private int i;

            @Override
            public int inputSize() {
                return data.exampleSize();
            }

            @Override
            public boolean ready() {
                return true; // in memory
            }

            @Override
            public int next(float[] x) {
                if (i >= order.length) {
                    return -1;
                }
                int idx = order[i++];
                data.copyFeatures(idx, x, 0);
                int label = data.label(idx);
                return labelMap == null ? label : labelMap[label];
            }
        };
    }
}
