package org.drtp.testing;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Hostile inputs for the reader fuzz tests: random bytes, or a valid file damaged in the ways files get damaged. */
public final class Mutations {

    private Mutations() {
    }

    /** Random bytes (up to 300), or {@code valid} with up to 6 bytes overwritten, then possibly cut short or extended. */
    public static Arbitrary<byte[]> around(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1).list().ofMinSize(1).ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, valid.length)).as((positions, values, kind, cut) -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    if (kind == 1) {
                        b = Arrays.copyOf(b, cut); // truncated
                    } else if (kind == 2) {
                        byte[] longer = Arrays.copyOf(b, b.length + values.size());
                        for (int i = 0; i < values.size(); i++) {
                            longer[b.length + i] = values.get(i); // trailing garbage
                        }
                        b = longer;
                    }
                    return b;
                });
        return Arbitraries.oneOf(random, mutated, mutated);
    }
}
