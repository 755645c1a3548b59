package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The median the bench and run summaries report: over an array or a collection of values alike. */
class StatisticsTest {

    @Test
    void medianOfAnOddAndAnEvenCountAndOfNone() {
        assertEquals(2.0, Statistics.median(new double[] {3, 1, 2}), 0);
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}), 0);
        assertTrue(Double.isNaN(Statistics.median(new double[0])));
        assertEquals(2.0, Statistics.median(List.of(3.0, 1.0, 2.0)), 0);
        assertEquals(2.5, Statistics.median(List.of(4.0, 1.0, 3.0, 2.0)), 0);
        assertTrue(Double.isNaN(Statistics.median(List.<Double>of())));
    }

    @Test
    void theMedianLeavesItsInputInPlace() {
        double[] v = {3, 1, 2};
        Statistics.median(v);
        assertEquals(3.0, v[0], 0);
    }
}
