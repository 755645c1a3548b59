package org.drtp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtp.tensor.Shape;

/**
 * Numeric CSV: one example per line, values separated by commas (or semicolons, tabs, spaces). Blank lines
 * and lines starting with {@code #} are skipped; a first line that is not numeric is taken as a header.
 * For labelled data the last column is the integer class label. Every bad value is reported with its file,
 * line and column.
 */
public final class CsvFormat {

    private CsvFormat() {
    }

    /** Parses one line into {@code out} (which must have room); returns the number of values, or -1 to skip the line. */
    public static int parseLine(String line, int lineNo, String source, float[] out) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return -1;
        }
        String[] parts = t.split("\\s*[,;\\t ]\\s*");
        if (parts.length > out.length) {
            throw new DataException(source + " line " + lineNo + ": " + parts.length + " values, expected at most " + out.length);
        }
        for (int i = 0; i < parts.length; i++) {
            out[i] = number(parts[i], source, lineNo, i + 1);
        }
        return parts.length;
    }

    private static float number(String s, String source, int lineNo, int col) {
        float v;
        try {
            v = Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new DataException(source + " line " + lineNo + ", column " + col + ": '" + abbreviate(s) + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DataException(source + " line " + lineNo + ", column " + col + ": " + s + " (expected a finite number)");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** True if the line holds something that is not a number (a header). */
    static boolean isHeader(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return false;
        }
        for (String p : t.split("\\s*[,;\\t ]\\s*")) {
            try {
                Float.parseFloat(p);
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    /** All rows of a file, each of the same width. */
    public static List<float[]> readRows(Path path) {
        String source = path.toString();
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            int width = -1;
            float[] buf = new float[1 << 16];
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && isHeader(line)) {
                    continue;
                }
                int n = parseLine(line, lineNo, source, buf);
                if (n < 0) {
                    continue;
                }
                if (width >= 0 && n != width) {
                    throw new DataException(source + " line " + lineNo + ": " + n + " values, but earlier lines have " + width);
                }
                width = n;
                rows.add(java.util.Arrays.copyOf(buf, n));
            }
        } catch (NoSuchFileException e) {
            throw new DataException(source + ": file not found");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataException(source + ": not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new DataException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (rows.isEmpty()) {
            throw new DataException(source + ": no data rows");
        }
        return rows;
    }

    /**
     * A labelled dataset: each row's last value is the class label (a non-negative integer); the others
     * are the features, a vector of {@code columns - 1} values.
     *
     * @param numClasses number of classes, or 0 to take max(label) + 1
     */
    public static Dataset labelled(Path path, int numClasses) {
        List<float[]> rows = readRows(path);
        int d = rows.get(0).length - 1;
        if (d < 1) {
            throw new DataException(path + ": labelled rows need at least one feature and the label");
        }
        float[] x = new float[rows.size() * d];
        int[] y = new int[rows.size()];
        int max = 0;
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            System.arraycopy(r, 0, x, i * d, d);
            float l = r[d];
            if (l < 0 || l != Math.rint(l) || l > 1_000_000) {
                throw new DataException(path + ": data row " + (i + 1) + ": label " + l + " is not a class number (0, 1, 2, ...)");
            }
            y[i] = (int) l;
            max = Math.max(max, y[i]);
        }
        int classes = numClasses > 0 ? numClasses : Math.max(2, max + 1);
        return Dataset.classification(path.getFileName().toString(), Shape.vector(d), x, y, classes);
    }
}
