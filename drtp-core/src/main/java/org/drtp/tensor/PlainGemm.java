package org.drtp.tensor;

/**
 * Plain-Java matrix multiply: the portable fallback and the test oracle for faster kernels.
 *
 * <p>Loop orders are chosen so that the innermost loop walks contiguous memory of B and C (an axpy),
 * which C2 can unroll; no blocking, no threads. Correctness first: every faster {@link Gemm} is tested
 * against this one.
 */
public final class PlainGemm implements Gemm {

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public void multiply(boolean transA, boolean transB, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        if (!transB) {
            // C[i,:] += A(i,p) * B[p,:]  -- contiguous in B and C.
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += aip * b[bp + j];
                    }
                }
            }
        } else if (!transA) {
            // C[i,j] += dot(A[i,:], B[j,:]) -- both rows contiguous.
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda, ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                    int p = 0;
                    for (; p + 3 < k; p += 4) {
                        s0 += a[ai + p] * b[bj + p];
                        s1 += a[ai + p + 1] * b[bj + p + 1];
                        s2 += a[ai + p + 2] * b[bj + p + 2];
                        s3 += a[ai + p + 3] * b[bj + p + 3];
                    }
                    for (; p < k; p++) {
                        s0 += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] += (s0 + s1) + (s2 + s3);
                }
            }
        } else {
            // Both transposed: rare; C[i,j] += sum_p A[p,i] * B[j,p].
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float s = 0f;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + p * lda + i] * b[bj + p];
                    }
                    c[ci + j] += s;
                }
            }
        }
    }
}
