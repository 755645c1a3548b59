/**
 * The harness behind {@code drtp bench}: seconds per epoch, online throughput, retained activation memory and
 * matrix-multiply GFLOPS in one process, on synthetic data of MNIST's shape ({@code docs/results.md}).
 */
package org.drtp.cli.bench;
