/**
 * What a training run writes for people and scripts: epoch lines and progress bars, the {@code --json}
 * summary, and the {@code --out} run directory ({@code manifest.json}, {@code metrics.csv}, {@code summary.json},
 * {@code alignment.csv}).
 */
package org.drtp.cli.output;
