package org.drtp.plot;

import java.util.List;

/**
 * What a plot shows: a title, axis labels and curves with ±1 std bands. {@code logY} draws the y axis on
 * a log scale (losses); a finite {@code yMin} or {@code yMax} fixes that end of the y axis; a finite
 * {@code yMarker} draws a horizontal line there (90 degrees on angle plots).
 */
public record Chart(String id, String title, String xLabel, String yLabel, List<Series> series, boolean logY,
                    double yMin, double yMax, double yMarker) {

    public Chart {
        series = List.copyOf(series);
    }

    public static Chart of(String id, String title, String xLabel, String yLabel, List<Series> series) {
        return new Chart(id, title, xLabel, yLabel, series, false, Double.NaN, Double.NaN, Double.NaN);
    }
}
