package org.drtp.bench;

import org.drtp.tensor.Gemm;
import org.drtp.tensor.PlainGemm;
import org.drtp.tensor.VectorGemm;

/** The gemm variants a benchmark can ask for by name: {@code plain}, {@code vector1}, {@code vector2}, ... */
final class Kernel {

    private Kernel() {
    }

    static Gemm named(String name) {
        if (name.equals("plain")) {
            return new PlainGemm();
        }
        if (name.startsWith("vector")) {
            return new VectorGemm(Integer.parseInt(name.substring("vector".length())));
        }
        throw new IllegalArgumentException("kernel '" + name + "': expected plain or vector<threads>");
    }
}
