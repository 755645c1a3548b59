package org.drtp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.drtp.tensor.Activation;
import org.drtp.tensor.ConvGeometry;
import org.drtp.testing.KernelThreads;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvMapPasses#biasGradient}: each channel's sum is, bit for bit, its documented order (even and odd pixels in
 * two chains, added per example in example order), whether its channel is summed alone or beside three others, on one
 * thread or several.
 */
class ConvMapPassesTest {

    @Test
    void biasGradientKeepsEachChannelsOrderOfAdditions() {
        // 7 channels: one group of four and three alone; 5 x 5 = 25 pixels: an odd pixel after the pairs.
        ConvGeometry geometry = new ConvGeometry(1, 7, 7, 3, 1, 0);
        int channels = 7, n = 40, pixels = geometry.outPixels();
        Random rnd = new Random(9);
        float[] dz = new float[n * channels * pixels];
        for (int i = 0; i < dz.length; i++) {
            // Magnitudes over many binades, so that another order of additions would round differently.
            dz[i] = (rnd.nextFloat() - 0.5f) * (float) Math.pow(2, rnd.nextInt(20) - 10);
        }
        float[] expected = new float[channels];
        for (int c = 0; c < channels; c++) {
            float sum = 0f;
            for (int e = 0; e < n; e++) {
                float even = 0f, odd = 0f;
                for (int q = 0; q < pixels; q++) {
                    int i = (e * channels + c) * pixels + q;
                    if (q % 2 == 0) {
                        even += dz[i];
                    } else {
                        odd += dz[i];
                    }
                }
                sum += even + odd;
            }
            expected[c] = sum;
        }
        for (int threads : new int[] {1, 3}) {
            float[] gb = KernelThreads.with(threads, () -> {
                float[] out = new float[channels];
                new ConvMapPasses(geometry, Activation.TANH, channels).biasGradient(dz, n, out);
                return out;
            });
            for (int c = 0; c < channels; c++) {
                assertEquals(Float.floatToRawIntBits(expected[c]), Float.floatToRawIntBits(gb[c]),
                        "channel " + c + " on " + threads + " threads: " + expected[c] + " against " + gb[c]);
            }
        }
    }
}
