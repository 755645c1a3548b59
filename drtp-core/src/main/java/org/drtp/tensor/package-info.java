/**
 * Compute kernels: matrix products ({@link org.drtp.tensor.Gemm}: plain Java and the JDK Vector API), fast
 * activations, im2col and max pooling, optimizer update loops, and the shared worker pool
 * ({@code docs/performance.md}).
 */
package org.drtp.tensor;
