package org.drtp.experiment;

import java.util.List;

/**
 * A table as the paper lays it out: a header row, rows of cell texts (e.g. {@code 1.23 ± 0.05}), and notes
 * printed under it. Rendered as Markdown, CSV and HTML by {@link org.drtp.report.Tables}.
 */
public record Table(String id, String title, List<String> header, List<List<String>> rows, List<String> notes) {

    public Table {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        notes = List.copyOf(notes);
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("table " + id + ": a row has " + r.size() + " cells, the header "
                        + header.size());
            }
        }
    }
}
