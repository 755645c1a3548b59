/**
 * Plots of experiment results (JFreeChart 1.5, SVG through JFreeSVG): curves with ±1 standard deviation
 * bands, written as PNG and SVG. Rendering is headless.
 */
package org.drtp.plot;
