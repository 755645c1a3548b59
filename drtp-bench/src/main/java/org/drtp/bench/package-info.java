/**
 * JMH benchmarks of the compute kernels and of one training step ({@code drtp-bench/README.md}); they build
 * {@code drtp-bench/target/benchmarks.jar} and are never part of the unit tests ({@code docs/performance.md}).
 */
package org.drtp.bench;
