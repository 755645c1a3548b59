package org.drtp.train;

import org.drtp.data.Dataset;
import org.drtp.loss.Loss;
import org.drtp.nn.Inference;
import org.drtp.nn.Network;
import org.drtp.settings.InvalidSettingException;

/**
 * Loss and error of a network on a dataset, computed as the reference's test loop: inference mode (no
 * dropout), loss summed over examples and divided by the dataset size, error = share of examples whose
 * arg-max output differs from the label (NaN for regression).
 */
public record Evaluation(double loss, double errorPercent, int errors, int size) {

    /** Batch size of evaluation passes (the reference's test batch size). */
    public static final int BATCH = 1000;

    public static Evaluation of(Network net, Dataset data, Loss loss) {
        return of(new Inference(net, Math.min(BATCH, Math.max(1, data.size()))), net, data, loss);
    }

    /** Reuses {@code inference}'s buffers (no allocation beyond two batch arrays). */
    public static Evaluation of(Inference inference, Network net, Dataset data, Loss loss) {
        int outputs = net.outputSize();
        if (data.targetSize() != outputs) {
            throw new InvalidSettingException("network has " + outputs + " outputs but dataset " + data.name() + " has "
                    + data.targetSize() + (data.isClassification() ? " classes" : " targets"));
        }
        int d = data.exampleSize();
        int batch = inference.maxBatch();
        float[] x = new float[batch * d];
        float[] t = new float[batch * outputs];
        double lossSum = 0;
        int errors = 0;
        for (int start = 0; start < data.size(); start += batch) {
            int n = Math.min(batch, data.size() - start);
            for (int i = 0; i < n; i++) {
                data.copyFeatures(start + i, x, i * d);
                data.copyTarget(start + i, t, i * outputs);
            }
            float[] y = inference.run(x, n);
            lossSum += loss.sum(y, t, n, outputs);
            if (data.isClassification()) {
                for (int i = 0; i < n; i++) {
                    if (argmax(y, i * outputs, outputs) != data.label(start + i)) {
                        errors++;
                    }
                }
            }
        }
        int size = data.size();
        double err = data.isClassification() ? 100.0 * errors / Math.max(1, size) : Double.NaN;
        return new Evaluation(lossSum / Math.max(1, size), err, errors, size);
    }

    /** Index of the largest value in {@code a[off, off+len)}; the first on ties (as torch.max). */
    public static int argmax(float[] a, int off, int len) {
        int best = 0;
        float bv = a[off];
        for (int j = 1; j < len; j++) {
            if (a[off + j] > bv) {
                bv = a[off + j];
                best = j;
            }
        }
        return best;
    }
}
