/**
 * Output of experiments: tables as Markdown and CSV in the paper's layout, plots as PNG and SVG, and one
 * self-contained {@code report.html} per output directory (plots inlined as SVG, no external resources).
 */
package org.drtp.report;
