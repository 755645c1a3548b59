package org.drtp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptimizersTest {

    @Test
    void idsAreCaseInsensitiveAndTrimmed() {
        assertEquals("nag", Optimizers.create(" NAG ", 0.1).id());
        assertEquals("momentum", Optimizers.create("Momentum", 0.1).id());
        assertTrue(Optimizers.create("RMSprop", 0.1) instanceof RmsProp);
    }

    @Test
    void unknownIdIsRejectedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create("adagrad", 0.1));
        assertTrue(e.getMessage().contains("adagrad"), e.getMessage());
        for (String id : new String[] {"adam", "sgd", "momentum", "nag", "rmsprop"}) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create(null, 0.1));
    }
}
