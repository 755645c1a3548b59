package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.drtp.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** {@link Learner#learnSequence}'s default: the loop of calls, row by row, after checking the arrays. */
class LearnerTest {

    /** Remembers each example it is given (its first value and its label) and predicts the label plus one. */
    private static final class Recording implements Learner {
        final List<float[]> seen = new ArrayList<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void learn(float[] input, int label) {
            seen.add(new float[] {input[0], input[1], label});
            calls.add("learn");
        }

        @Override
        public int predict(float[] input) {
            return 0;
        }

        @Override
        public int predictThenLearn(float[] input, int label) {
            seen.add(new float[] {input[0], input[1], label});
            calls.add("predictThenLearn");
            return label + 1;
        }

        @Override
        public void flush() {
        }

        @Override
        public long examplesSeen() {
            return seen.size();
        }

        @Override
        public int inputSize() {
            return 2;
        }
    }

    @Test
    void theDefaultLearnsEachRowInOrderWithOrWithoutPredictions() {
        Recording r = new Recording();
        int[] predictions = new int[4];
        r.learnSequence(new float[] {1, 2, 3, 4, 5, 6, 99}, new int[] {0, 1, 2, 7}, 3, predictions);
        assertEquals(List.of("predictThenLearn", "predictThenLearn", "predictThenLearn"), r.calls);
        assertArrayEquals(new float[] {3, 4, 1}, r.seen.get(1));
        assertArrayEquals(new int[] {1, 2, 3, 0}, predictions);
        r.learnSequence(new float[] {7, 8}, new int[] {1}, 1, null);
        assertEquals("learn", r.calls.get(3));
        assertArrayEquals(new float[] {7, 8, 1}, r.seen.get(3));
    }

    @Test
    void shortArraysAreRefusedBeforeAnyExampleIsLearned() {
        Recording r = new Recording();
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> r.learnSequence(new float[5], new int[3], 3, null));
        assertTrue(e.getMessage().contains("a sequence of 3 examples needs 6 input values and 3 labels, got 5, 3"),
                e.getMessage());
        assertThrows(InvalidSettingException.class, () -> r.learnSequence(new float[6], new int[2], 3, null));
        assertThrows(InvalidSettingException.class, () -> r.learnSequence(new float[6], new int[3], 3, new int[2]));
        assertEquals(0, r.examplesSeen());
    }
}
