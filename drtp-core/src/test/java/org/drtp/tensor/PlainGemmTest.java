package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link PlainGemm}, the oracle, against the shared {@link GemmContract}. */
class PlainGemmTest extends GemmContract {

    @Override
    Gemm gemm() {
        return new PlainGemm();
    }

    @Test
    void isNamedPlain() {
        assertEquals("plain", gemm().name());
    }
}
