package org.drtp.tensor;

import java.util.Arrays;

/**
 * The im2col / col2im transforms that turn a convolution into a matrix product (Chellapilla, Puri and
 * Simard 2006; Caffe's layout). For one example, the column matrix has {@link ConvGeometry#patchSize()}
 * rows, one per (channel, kernel row, kernel column), and {@link ConvGeometry#outPixels()} columns, one per
 * output pixel (row-major): {@code cols[(c,i,j), (oh,ow)] = x[c, oh*s + i - p, ow*s + j - p]}, zero outside
 * the input. Then {@code conv = W cols} with W as [out, patchSize].
 *
 * <p>Why this layout: for a fixed row and output row {@code oh}, the values come from one input row at
 * stride {@code s}; with stride 1 that is a contiguous run, copied with {@code System.arraycopy}, and the
 * zero-padding borders are computed once per row instead of tested per element. The row stride {@code ld}
 * of the column matrix is a parameter so that the columns of a whole batch can sit side by side
 * ([patchSize x n*outPixels]) and feed a single matrix product.
 */
public final class Im2col {

    private Im2col() {
    }

    /**
     * Writes the column matrix of one example: {@code cols[colsOff + r*ld + q]} for patch row r and output
     * pixel q; reads {@code x[xOff ..]} (inChannels x inHeight x inWidth).
     */
    public static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colsOff, int ld) {
        int h = g.inHeight(), w = g.inWidth(), k = g.kernel(), s = g.stride(), p = g.padding();
        int oh = g.outHeight(), ow = g.outWidth();
        int row = colsOff;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = xOff + c * h * w;
            for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++, row += ld) {
                    int lo = firstValid(kj, p, s, ow);
                    int hi = endValid(kj, p, s, w, ow, lo);
                    for (int y = 0; y < oh; y++) {
                        int dst = row + y * ow;
                        int ih = y * s + ki - p;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        // Input column of output column q is q*s + kj - p; [lo, hi) are the q inside the image.
                        int src = plane + ih * w + kj - p;
                        if (lo > 0) {
                            Arrays.fill(cols, dst, dst + lo, 0f);
                        }
                        if (s == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int q = lo; q < hi; q++) {
                                cols[dst + q] = x[src + q * s];
                            }
                        }
                        if (hi < ow) {
                            Arrays.fill(cols, dst + hi, dst + ow, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: overwrites {@code dx[dxOff ..]} (one example) with the sum, over every
     * column entry, of that entry added to the input position it was copied from (padding entries are
     * dropped). Used for input gradients: {@code dx = col2im(W^T dz)}.
     */
    public static void col2im(ConvGeometry g, float[] cols, int colsOff, int ld, float[] dx, int dxOff) {
        int h = g.inHeight(), w = g.inWidth(), k = g.kernel(), s = g.stride(), p = g.padding();
        int oh = g.outHeight(), ow = g.outWidth();
        Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0f);
        int row = colsOff;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = dxOff + c * h * w;
            for (int ki = 0; ki < k; ki++) {
                for (int kj = 0; kj < k; kj++, row += ld) {
                    int lo = firstValid(kj, p, s, ow);
                    int hi = endValid(kj, p, s, w, ow, lo);
                    for (int y = 0; y < oh; y++) {
                        int ih = y * s + ki - p;
                        if (ih < 0 || ih >= h) {
                            continue;
                        }
                        int src = row + y * ow;
                        int dst = plane + ih * w + kj - p;
                        if (s == 1) {
                            for (int q = lo; q < hi; q++) {
                                dx[dst + q] += cols[src + q];
                            }
                        } else {
                            for (int q = lo; q < hi; q++) {
                                dx[dst + q * s] += cols[src + q];
                            }
                        }
                    }
                }
            }
        }
    }

    /** First output column q with {@code q*s + kj - p >= 0}, clamped to [0, ow]. */
    private static int firstValid(int kj, int p, int s, int ow) {
        int lo = p - kj <= 0 ? 0 : (p - kj + s - 1) / s;
        return Math.min(lo, ow);
    }

    /** One past the last output column q with {@code q*s + kj - p < w}, clamped to [lo, ow]. */
    private static int endValid(int kj, int p, int s, int w, int ow, int lo) {
        int last = w - 1 + p - kj; // q*s <= last
        int hi = last < 0 ? 0 : last / s + 1;
        return Math.max(lo, Math.min(hi, ow));
    }
}
