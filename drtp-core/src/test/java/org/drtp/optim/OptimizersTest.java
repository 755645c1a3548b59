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

    /** The reference's --optimizer SGD is SGD with momentum 0.9; never drtp's plain sgd (issue 12). */
    @Test
    void theReferencesSpellingsMeanWhatTheyMeanThere() {
        assertEquals("momentum", Optimizers.create("SGD", 0.1).id());
        assertEquals("sgd", Optimizers.create("sgd", 0.1).id());
        assertEquals("nag", Optimizers.create("NAG", 0.1).id());
        assertEquals("adam", Optimizers.create("Adam", 0.1).id());
        assertEquals("rmsprop", Optimizers.create("RMSprop", 0.1).id());
        for (String ambiguous : new String[] {"Sgd", "sGD"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.create(ambiguous, 0.1));
            assertTrue(e.getMessage().contains("ambiguous") && e.getMessage().contains("momentum"), e.getMessage());
        }
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
