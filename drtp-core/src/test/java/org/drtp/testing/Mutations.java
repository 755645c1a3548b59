package org.drtp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.drtp.io.SafeTensors;

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

    /** A valid safetensors file with one metadata field (drawn from {@code keys}) set to a value from {@code values}. */
    public static Arbitrary<byte[]> metadata(byte[] valid, Arbitrary<String> keys, Arbitrary<String> values) {
        return Combinators.combine(keys, values).as((k, v) -> {
            SafeTensors.Content c = SafeTensors.decode(valid, "valid");
            Map<String, String> meta = new LinkedHashMap<>(c.metadata());
            meta.put(k, v);
            return SafeTensors.encode(meta, c.tensors());
        });
    }

    /**
     * A file as a drtp before checksums wrote it: the same bytes with the checksum field taken out of the
     * header (re-padded to 8 bytes).
     */
    public static byte[] withoutChecksum(byte[] file) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = (int) in.getLong();
        String json = new String(file, 8, n, java.nio.charset.StandardCharsets.UTF_8).strip();
        String without = json.replaceAll(",\\s*\"" + SafeTensors.CHECKSUM_FIELD + "\"\\s*:\\s*\"crc32c:[0-9a-f]{8}\"", "");
        if (without.equals(json)) {
            throw new IllegalArgumentException("no checksum field in " + json);
        }
        byte[] j = without.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = (j.length + 7) / 8 * 8;
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(8 + padded + file.length - 8 - n)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(j);
        for (int i = j.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(file, 8 + n, file.length - 8 - n);
        return out.array();
    }

    /** Deletes a fuzz test's scratch directory and everything in it (jqwik containers have no @TempDir). */
    public static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
