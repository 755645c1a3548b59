/**
 * Losses (BCE, cross-entropy, MSE) with PyTorch's reductions and the output layer's gradient
 * ({@code docs/semantics.md}).
 */
package org.drtp.loss;
