package org.drtp.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.drtp.data.Dataset;
import org.drtp.tensor.Gemm;
import org.drtp.tensor.Kernels;
import org.junit.jupiter.api.Test;

/** The bench's epoch accounting records the products a training step really makes (no timing is asserted). */
class EpochAccountingTest {

    private final Dataset data = BenchData.mnistShape(120, 5);

    @Test
    void drtpMakesOnlyForwardAndWeightGradientProducts() {
        Gemm before = Kernels.gemm();
        EpochAccounting.Account a = EpochAccounting.of(data, "FC_16_FC_10", "drtp", 60);
        // Forward Y = X W^T (NT) and weight gradient dW = dZ^T X (TN) per layer; no product sends dZ down.
        assertEquals(Set.of("60x16x784:NT", "16x784x60:TN", "60x10x16:NT", "10x16x60:TN"), a.productSeconds().keySet());
        assertTrue(a.gemmSeconds() > 0 && a.optimizerSeconds() > 0);
        assertEquals(0, a.im2colSeconds() + a.poolingSeconds(), "no conv layer, no im2col or pooling");
        assertSame(before, Kernels.gemm(), "the recorder is removed afterwards");
    }

    @Test
    void bpAlsoSendsTheOutputDeltaDown() {
        EpochAccounting.Account a = EpochAccounting.of(data, "FC_16_FC_10", "bp", 60);
        assertEquals(Set.of("60x16x784:NT", "16x784x60:TN", "60x10x16:NT", "10x16x60:TN", "60x16x10:NN"),
                a.productSeconds().keySet());
    }

    @Test
    void aConvNetAccountsForIm2colAndPooling() {
        EpochAccounting.Account a = EpochAccounting.of(data, "CONV_4_5_1_2_FC_10", "drtp", 60);
        assertTrue(a.im2colSeconds() > 0 && a.poolingSeconds() > 0, a.toString());
        // The conv weight gradient is one sum of 60 per-example products (Gemm.sumOfProductsNT), timed as that sum.
        assertTrue(a.productSeconds().containsKey("60*4x25x784:NT"), a.productSeconds().toString());
        assertTrue(a.productSeconds().get("60*4x25x784:NT") > 0);
        assertTrue(a.productSeconds().keySet().stream().noneMatch(k -> k.startsWith("4x25x784")),
                "no per-example product is left: " + a.productSeconds().keySet());
    }
}
