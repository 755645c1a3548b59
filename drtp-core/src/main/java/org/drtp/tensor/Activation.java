package org.drtp.tensor;

import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/**
 * Element-wise activation functions, applied in place, with their derivative expressed through the
 * activation's <em>output</em> y = f(z) so that the pre-activation z never has to be kept:
 * tanh' = 1 - y^2, sigmoid' = y (1 - y), relu' = [y &gt; 0], identity' = 1.
 */
public enum Activation {
    TANH("tanh"),
    SIGMOID("sigmoid"),
    RELU("relu"),
    NONE("none");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    /** Short id used in flags and files. */
    public String id() {
        return id;
    }

    /** Parses an id case-insensitively; the error names the accepted values. */
    public static Activation fromId(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.id.equals(v)) {
                return a;
            }
        }
        throw new InvalidSettingException("unknown activation '" + s + "': expected one of tanh, sigmoid, relu, none");
    }

    /** {@code a[off..off+len) = f(a[off..off+len))}. */
    public void apply(float[] a, int off, int len) {
        switch (this) {
            case TANH -> FastMath.tanh(a, off, len);
            case SIGMOID -> FastMath.sigmoid(a, off, len);
            case RELU -> {
                for (int i = off, end = off + len; i < end; i++) {
                    a[i] = Math.max(a[i], 0f);
                }
            }
            case NONE -> {
            }
        }
    }

    /** {@code a[off + j] = f(a[off + j] + bias[j])} for the {@code bias.length} values of one row. */
    private void applyToRow(float[] a, int off, float[] bias) {
        int len = bias.length;
        switch (this) {
            case TANH -> FastMath.tanh(a, off, len, bias);
            case SIGMOID -> FastMath.sigmoid(a, off, len, bias);
            case RELU -> {
                for (int j = 0; j < len; j++) {
                    a[off + j] = Math.max(a[off + j] + bias[j], 0f);
                }
            }
            case NONE -> FastMath.addBias(a, off, len, bias);
        }
    }

    /**
     * {@code y[r][j] = f(y[r][j] + bias[j])} for {@code rows} rows of {@code bias.length} values (a dense layer's
     * forward pass after its product), split over the kernel threads by rows when there are enough values to pay (the
     * FC2-1000 layers' 60,000 per batch of 60); each value as {@link #apply} computes it, whatever the split.
     */
    public void applyWithBias(float[] y, int rows, float[] bias) {
        BiasJob.LOCAL.get().run(this, y, rows, bias);
    }

    /**
     * {@link #multiplyDerivative} over {@code [0, len)}, split over the kernel threads when there are enough values
     * to pay (a conv layer's maps: 1.5M values per batch of 60); each value is computed as on one thread.
     */
    public void multiplyDerivativeOnThreads(float[] y, float[] grad, int len) {
        if (this != NONE) {
            DerivativeJob.LOCAL.get().run(this, y, grad, len);
        }
    }

    /**
     * Chain rule through the activation: {@code grad[i] *= f'(z_i)}, with f' computed from the
     * output {@code y}. Turns dL/dy into dL/dz in place.
     */
    public void multiplyDerivative(float[] y, int yOff, float[] grad, int gOff, int len) {
        switch (this) {
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    float v = y[yOff + i];
                    grad[gOff + i] *= 1f - v * v;
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    float v = y[yOff + i];
                    grad[gOff + i] *= v * (1f - v);
                }
            }
            case RELU -> {
                for (int i = 0; i < len; i++) {
                    if (!(y[yOff + i] > 0f)) {
                        grad[gOff + i] = 0f;
                    }
                }
            }
            case NONE -> {
            }
        }
    }

    /** The job of {@link #multiplyDerivativeOnThreads}, one per calling thread: nothing is allocated per call. */
    private static final class DerivativeJob extends ParallelRange {
        static final ThreadLocal<DerivativeJob> LOCAL = ThreadLocal.withInitial(DerivativeJob::new);

        private Activation f;
        private float[] y;
        private float[] grad;

        void run(Activation f, float[] y, float[] grad, int len) {
            this.f = f;
            this.y = y;
            this.grad = grad;
            try {
                execute(len);
            } finally {
                this.y = null;
                this.grad = null;
            }
        }

        @Override
        protected void range(int from, int to) {
            f.multiplyDerivative(y, from, grad, from, to - from);
        }
    }

    /** The job of {@link #applyWithBias}, one per calling thread: nothing is allocated per call. */
    private static final class BiasJob extends ParallelRange {
        static final ThreadLocal<BiasJob> LOCAL = ThreadLocal.withInitial(BiasJob::new);
        /**
         * A tanh costs about 1.5 ns: 8,192 of them outweigh a hand-off many times over. Measured on FC2-1000's
         * forward pass: docs/performance.md, "The passes around the products on all threads".
         */
        private static final int MIN_PER_PART = 8192;
        /** Values per row from which the bias goes into the activation's vector loop (four 512-bit vectors). */
        private static final int WIDE_ROW = 64;

        private Activation f;
        private float[] y;
        private float[] bias;

        BiasJob() {
            super(MIN_PER_PART);
        }

        void run(Activation f, float[] y, int rows, float[] bias) {
            this.f = f;
            this.y = y;
            this.bias = bias;
            try {
                execute(rows, bias.length);
            } finally {
                this.y = null;
                this.bias = null;
            }
        }

        /**
         * Wide rows (FC2-1000's 1000) take the bias inside the activation's vector loop, row by row: 16-20 us instead
         * of 25-29 for 60 x 1000 on two threads (the bias add alone does not vectorize). Narrow rows (an output layer's
         * 10) would spend that on each row's scalar tail: they get the sums first and one activation call.
         */
        @Override
        protected void range(int from, int to) {
            int cols = bias.length;
            if (cols >= WIDE_ROW) {
                for (int r = from; r < to; r++) {
                    f.applyToRow(y, r * cols, bias);
                }
                return;
            }
            for (int r = from; r < to; r++) {
                FastMath.addBias(y, r * cols, cols, bias);
            }
            f.apply(y, from * cols, (to - from) * cols);
        }
    }
}
