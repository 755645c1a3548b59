package org.drtp.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one CSV dialect every file drtp writes uses (metrics.csv, alignment.csv, drift.csv, tables/*.csv): a
 * header line, then one line per row, RFC 4180 quoting (cells holding a comma, quote or line break are quoted,
 * quotes doubled; Apache Commons CSV does it) and {@code \n} line ends. Numbers are formatted by the caller
 * ({@link #fixed}, {@link #significant}); a missing value is an empty cell.
 */
public final class Csv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final StringBuilder text = new StringBuilder();
    private final CSVPrinter printer;
    private int rows;

    public Csv(List<String> header) {
        try {
            printer = new CSVPrinter(text, FORMAT);
            printer.printRecord(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // appending to a StringBuilder does no I/O
        }
    }

    public Csv(String... header) {
        this(Arrays.asList(header));
    }

    /** Appends a row; {@code null} cells are empty. */
    public Csv row(List<?> cells) {
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
        return this;
    }

    public Csv row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    /** Rows appended after the header. */
    public int rows() {
        return rows;
    }

    /** The header and every row so far. */
    @Override
    public String toString() {
        return text.toString();
    }

    /** {@code v} with {@code decimals} digits after the point; NaN is an empty cell. */
    public static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** {@code v} with {@code digits} significant digits ({@code %g}); NaN is an empty cell. */
    public static String significant(double v, int digits) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "g", v);
    }
}
