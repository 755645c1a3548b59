package org.drtp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.random.Rng;

/** The small learnable CSV of the stream and device tests: 6 pixel-like values (0..255), label = index of the largest of the first 3. */
final class PixelCsv {

    private PixelCsv() {
    }

    /**
     * Writes {@code rows} rows (the same rows for the same count) to {@code file}, with a header line if asked; the
     * row at {@code badLabelAt} gets label 7, outside the 3 classes (-1: none).
     */
    static Path write(Path file, int rows, boolean header, int badLabelAt) throws IOException {
        Rng r = new Rng(4);
        StringBuilder sb = new StringBuilder(header ? "f1,f2,f3,f4,f5,f6,label\n" : "");
        for (int i = 0; i < rows; i++) {
            int best = 0;
            int[] v = new int[6];
            for (int j = 0; j < 6; j++) {
                v[j] = r.nextInt(256);
                if (j < 3 && v[j] > v[best]) {
                    best = j;
                }
            }
            for (int j = 0; j < 6; j++) {
                sb.append(v[j]).append(',');
            }
            sb.append(i == badLabelAt ? 7 : best).append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }
}
