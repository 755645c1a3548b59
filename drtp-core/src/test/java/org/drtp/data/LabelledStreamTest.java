package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import org.drtp.tensor.Shape;
import org.junit.jupiter.api.Test;

/** {@link LabelledStream#ready}: what lets {@code drtp stream} take the examples at hand as one burst. */
class LabelledStreamTest {

    @Test
    void aCsvStreamIsReadyOnlyWhileItsSourceHoldsMoreText() throws Exception {
        PipedWriter writer = new PipedWriter();
        LabelledStream s = LabelledStream.csv(new BufferedReader(new PipedReader(writer, 1 << 16)), "pipe");
        float[] x = new float[LabelledStream.MAX_INPUTS];
        assertFalse(s.ready(), "nothing written yet: the next example would keep the reader waiting");
        writer.write("1,2,0\n3,4,1\n");
        writer.flush();
        assertTrue(s.ready());
        assertEquals(0, s.next(x));
        assertTrue(s.ready(), "the second line is at hand");
        assertEquals(1, s.next(x));
        assertEquals(3f, x[0]);
        assertFalse(s.ready(), "both lines taken");
        writer.write("5,6,1\n");
        writer.flush();
        assertTrue(s.ready());
        assertEquals(1, s.next(x));
    }

    @Test
    void aDatasetStreamIsAlwaysReady() {
        Dataset data = Dataset.classification("d", Shape.vector(2), new float[] {1, 2, 3, 4}, new int[] {1, 0}, 2);
        LabelledStream s = LabelledStream.of(data, new int[] {1, 0}, null);
        float[] x = new float[2];
        assertTrue(s.ready());
        assertEquals(0, s.next(x));
        assertEquals(1, s.next(x));
        assertTrue(s.ready(), "at the end too: next returns -1 without waiting");
        assertEquals(-1, s.next(x));
    }
}
