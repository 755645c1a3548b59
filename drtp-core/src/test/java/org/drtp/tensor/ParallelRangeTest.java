package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.drtp.testing.KernelThreads;
import org.junit.jupiter.api.Test;

class ParallelRangeTest {

    /** Records each part it is given and counts the visits of every item. */
    private static final class Recorder extends ParallelRange {
        final List<int[]> parts = Collections.synchronizedList(new ArrayList<>());
        final AtomicIntegerArray visits;

        Recorder(int items) {
            visits = new AtomicIntegerArray(items);
        }

        @Override
        protected void range(int from, int to) {
            parts.add(new int[] {from, to});
            for (int i = from; i < to; i++) {
                visits.incrementAndGet(i);
            }
        }
    }

    private static Recorder runWithThreads(int threads, int items, int itemSize) {
        return KernelThreads.with(threads, () -> {
            Recorder r = new Recorder(items);
            r.execute(items, itemSize);
            return r;
        });
    }

    @Test
    void largeItemsSplitBetweenWholeItemsAndEveryItemRunsOnce() {
        Recorder r = runWithThreads(4, 7, 20_000);
        assertTrue(r.parts.size() > 1, "7 items of 20,000 elements should split on 4 threads");
        for (int i = 0; i < 7; i++) {
            assertEquals(1, r.visits.get(i), "item " + i);
        }
    }

    @Test
    void fewElementsOrOneThreadRunAsOnePartOnTheCaller() {
        Recorder small = runWithThreads(4, 1000, 16);
        assertEquals(1, small.parts.size(), "16,000 elements are too few to split");
        assertEquals(List.of(0, 1000), List.of(small.parts.get(0)[0], small.parts.get(0)[1]));
        Recorder alone = runWithThreads(1, 7, 20_000);
        assertEquals(1, alone.parts.size());
    }

    @Test
    void neverMorePartsThanItems() {
        Recorder r = runWithThreads(4, 2, 1 << 20);
        assertTrue(r.parts.size() <= 2, r.parts.size() + " parts for 2 items");
        assertEquals(1, r.visits.get(0));
        assertEquals(1, r.visits.get(1));
    }
}
