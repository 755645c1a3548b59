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
        int len = line.length();
        int i = 0;
        while (i < len && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i == len || line.charAt(i) == '#') {
            return -1;
        }
        int n = 0;
        while (i < len) {
            int start = i;
            while (i < len && !isSeparator(line.charAt(i))) {
                i++;
            }
            if (n == out.length) {
                throw new DataException(source + " line " + lineNo + ": more than " + out.length + " values, expected at most "
                        + out.length);
            }
            out[n] = number(line, start, i, source, lineNo, n + 1);
            n++;
            // one separator, possibly surrounded by spaces: "1, 2" and "1 ,2" and "1 2"
            int sepStart = i;
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i < len && (line.charAt(i) == ',' || line.charAt(i) == ';')) {
                i++;
                while (i < len && Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                if (i == len) {
                    throw new DataException(source + " line " + lineNo + ", column " + (n + 1) + ": empty value after the last separator");
                }
            } else if (i == sepStart && i < len) {
                throw new DataException(source + " line " + lineNo + ", column " + n + ": unexpected character '"
                        + line.charAt(i) + "'");
            }
        }
        return n;
    }

    /**
     * The first line without a UTF-8 byte-order mark (editors on Windows write one; Java's reader keeps it as
     * U+FEFF, which would make the first number unreadable); other lines as they are.
     */
    public static String withoutBom(String line, int lineNo) {
        return lineNo == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /**
     * The class of a label value: a whole number in [0, classes) (any whole number >= 0 when {@code classes}
     * is 0, i.e. not known yet). One check for every reader of labelled rows (train, stream, predict), so that
     * they accept and refuse the same labels. {@code where} names the file and row.
     */
    public static int classLabel(float value, int classes, String where) {
        if (value < 0 || value != Math.rint(value) || value > 1_000_000) {
            throw new DataException(where + ": label " + value + " is not a class number (0, 1, 2, ...)");
        }
        if (classes > 0 && value >= classes) {
            throw new DataException(where + ": label " + (int) value + " is beyond the " + classes + " classes (0.."
                    + (classes - 1) + ")");
        }
        return (int) value;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || c == ' ' || c == '\t';
    }

    /**
     * Parses {@code s[from, to)}. Why by hand: pixel streams are mostly small integers, and
     * {@code Float.parseFloat} on a substring costs more than learning from the example; integers below
     * 2^24 are exact in a float, anything else goes to {@code Float.parseFloat}.
     */
    private static float number(String s, int from, int to, String source, int lineNo, int col) {
        if (from == to) {
            throw new DataException(source + " line " + lineNo + ", column " + col + ": empty value");
        }
        int i = from;
        boolean negative = s.charAt(i) == '-';
        if (negative || s.charAt(i) == '+') {
            i++;
        }
        if (i < to && to - i <= 7) {
            int v = 0;
            int j = i;
            while (j < to) {
                char c = s.charAt(j);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                j++;
            }
            if (j == to) {
                return negative ? -v : v;
            }
        }
        String token = s.substring(from, to);
        float v;
        try {
            v = Float.parseFloat(token);
        } catch (NumberFormatException e) {
            throw new DataException(source + " line " + lineNo + ", column " + col + ": '" + DataException.shorten(token) + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            // 1e40 is finite but beyond float: say so rather than call it not finite
            boolean overflow = Float.isInfinite(v) && !token.toLowerCase(java.util.Locale.ROOT).contains("inf");
            throw new DataException(source + " line " + lineNo + ", column " + col + ": " + DataException.shorten(token)
                    + (overflow ? " is beyond the float range (+-" + Float.MAX_VALUE + ")" : " (expected a finite number)"));
        }
        return v;
    }

    /**
     * True if no field of the line is a number: a header such as {@code f1,f2,label}. A line with some numbers
     * and some text is data, and its bad field is reported.
     */
    static boolean isHeader(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return false;
        }
        for (String p : t.split("\\s*[,;\\t ]\\s*")) { // a header line is read once: a regex is fine here
            try {
                Float.parseFloat(p);
                return false;
            } catch (NumberFormatException e) {
                // not a number: keep looking
            }
        }
        return true;
    }

    /** All rows of a file, each of the same width. */
    public static List<float[]> readRows(Path path) {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return readRows(r, path.toString());
        } catch (NoSuchFileException e) {
            throw new DataException(path + ": file not found");
        } catch (IOException e) {
            throw new DataException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** All rows of a text (UTF-8, invalid bytes reported), each of the same width; {@code source} names it. */
    public static List<float[]> readRows(BufferedReader r, String source) {
        List<float[]> rows = new ArrayList<>();
        try {
            String line;
            int lineNo = 0;
            int width = -1;
            float[] buf = new float[1 << 16];
            while ((line = r.readLine()) != null) {
                lineNo++;
                line = withoutBom(line, lineNo);
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
            y[i] = classLabel(r[d], numClasses, path + ": data row " + (i + 1));
            max = Math.max(max, y[i]);
        }
        int classes = numClasses > 0 ? numClasses : Math.max(2, max + 1);
        return Dataset.adopt(path.getFileName().toString(), Shape.vector(d), x, y, classes);
    }
}
