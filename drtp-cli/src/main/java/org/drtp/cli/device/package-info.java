/**
 * Behind {@code drtp device-demo} and the C export checks: building exported learners for the host and a
 * Cortex-M4, running them under QEMU with the firmware harness, and comparing them with the Java learner.
 */
package org.drtp.cli.device;
