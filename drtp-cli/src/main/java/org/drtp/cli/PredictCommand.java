package org.drtp.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.drtp.data.CsvFormat;
import org.drtp.data.DataException;
import org.drtp.data.IdxFile;
import org.drtp.model.ModelFile;
import org.drtp.nn.Inference;
import org.drtp.tensor.Shape;
import org.drtp.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code drtp predict}: runs a saved model on raw inputs (IDX images, or CSV rows) and prints one prediction
 * per line. The model's input normalisation is applied to the raw values first.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict with a saved model: one line per input example (class, or outputs with --outputs).",
                "Inputs: an IDX file (e.g. t10k-images-idx3-ubyte[.gz]) or CSV (one example per line; a last extra",
                "column is taken as the true label and the error rate is reported on standard error)."})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file written by train --save.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "IDX (raw or .gz) or CSV file of raw inputs; '-' for standard input.")
    Path input;

    @Option(names = "--outputs", description = "Print the network's outputs instead of the predicted class.")
    boolean outputs;

    @Option(names = "--normalized", description = "The inputs are already normalised: do not apply the model's normalisation.")
    boolean normalized;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ModelFile.Model m = Inputs.floatModel(model, err, "predict runs float models; measure it with 'drtp evaluate --model "
                + model + "', or run it on the device with 'drtp export-c'");
        Shape shape = m.network().inputShape();
        int d = shape.size();
        float[] x;
        int[] labels = null;
        int n;
        boolean stdin = Inputs.isStdin(input);
        if (!stdin) {
            Inputs.checkFile(input, "--input", "a CSV or IDX file");
        }
        String source = stdin ? "standard input" : input.toString();
        // Read once (the input may be a pipe such as <(zcat f.gz)); IDX or CSV is decided by the first bytes.
        // FileInputStream, not Files.newInputStream: the latter seeks (available()), which fails on a pipe.
        try (BufferedInputStream in = new BufferedInputStream(stdin ? new java.io.FilterInputStream(System.in) {
                    @Override
                    public void close() {
                        // standard input stays open: it is not ours
                    }
                } : new java.io.FileInputStream(input.toFile()), 1 << 16)) {
            if (IdxFile.looksLikeIdx(in)) {
                IdxFile f = IdxFile.read(in, source, !stdin && Files.isRegularFile(input) ? Files.size(input) : -1);
                int[] dims = f.dims();
                n = dims[0];
                if (n == 0 || f.count() / n != d) {
                    throw new DataException(source + ": examples of " + (n == 0 ? 0 : f.count() / n) + " values, the model expects "
                            + d + " (" + shape + ")");
                }
                x = f.values();
            } else {
                List<float[]> rows = CsvFormat.readRows(csvReader(in), source);
                int w = rows.get(0).length;
                if (w != d && w != d + 1) {
                    throw new DataException(source + ": rows of " + w + " values, the model expects " + d + " (" + shape
                            + "), or " + (d + 1) + " with a label last");
                }
                n = rows.size();
                x = new float[n * d];
                if (w == d + 1) {
                    labels = new int[n];
                }
                // Labels are checked as train checks them: whole numbers within the model's classes.
                int classes = m.labelCount() > 0 ? m.labelCount() : m.network().outputSize();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(rows.get(i), 0, x, i * d, d);
                    if (labels != null) {
                        labels[i] = CsvFormat.classLabel(rows.get(i)[d], classes, source + ": data row " + (i + 1));
                    }
                }
            }
        }
        if (!normalized) {
            for (int i = 0; i < n; i++) {
                m.normalization().apply(x, i * d, shape);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        int c = m.network().outputSize();
        int batch = Math.min(n, Evaluation.BATCH);
        Inference inf = new Inference(m.network(), batch);
        float[] xb = new float[batch * d];
        int errors = 0;
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            System.arraycopy(x, start * d, xb, 0, b * d);
            float[] y = inf.run(xb, b);
            for (int i = 0; i < b; i++) {
                if (outputs) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < c; j++) {
                        sb.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", y[i * c + j]));
                    }
                    out.println(sb);
                } else {
                    int p = Evaluation.argmax(y, i * c, c);
                    out.println(p);
                    if (labels != null && p != labels[start + i]) {
                        errors++;
                    }
                }
            }
        }
        out.flush();
        if (labels != null && !outputs) {
            spec.commandLine().getErr().println(String.format(Locale.ROOT, "error %.2f %% (%d of %d)", 100.0 * errors / n, errors, n));
        }
        return 0;
    }

    /** CSV text, gzipped or not, as UTF-8 that reports invalid bytes instead of replacing them. */
    private static BufferedReader csvReader(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream text = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        return new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8.newDecoder()), 1 << 16);
    }
}
