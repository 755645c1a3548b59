package org.drtp.report;

import java.util.List;
import org.drtp.experiment.Table;

/** Renders a {@link Table} as Markdown (for terminals and READMEs), CSV (for spreadsheets) and HTML. */
public final class Tables {

    private Tables() {
    }

    /** A GitHub-flavoured Markdown table with its title as a heading and its notes below. */
    public static String markdown(Table t) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(t.title()).append("\n\n");
        int[] w = new int[t.header().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.max(3, t.header().get(i).length());
            for (List<String> r : t.rows()) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        row(sb, t.header(), w);
        sb.append('|');
        for (int i = 0; i < w.length; i++) {
            sb.append(i < 2 ? " :" : " ").append("-".repeat(w[i] - (i < 2 ? 1 : 0))).append(" |");
        }
        sb.append('\n');
        for (List<String> r : t.rows()) {
            row(sb, r, w);
        }
        for (String n : t.notes()) {
            sb.append("\n").append(n).append("\n");
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> cells, int[] w) {
        sb.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(' ').append(c).append(" ".repeat(w[i] - c.length())).append(" |");
        }
        sb.append('\n');
    }

    /** The table as CSV ({@link Csv}: the header, then one line per row). */
    public static String csv(Table t) {
        Csv csv = new Csv(t.header());
        for (List<String> r : t.rows()) {
            csv.row(r);
        }
        return csv.toString();
    }

    /** An HTML table with a caption and its notes. */
    public static String html(Table t) {
        StringBuilder sb = new StringBuilder("<table id=\"table-").append(Html.escape(t.id())).append("\">\n<caption>")
                .append(Html.escape(t.title())).append("</caption>\n<thead><tr>");
        for (String h : t.header()) {
            sb.append("<th>").append(Html.escape(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : t.rows()) {
            sb.append("<tr>");
            for (String c : r) {
                sb.append("<td>").append(Html.escape(c)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        for (String n : t.notes()) {
            sb.append("<p class=\"note\">").append(Html.escape(n)).append("</p>\n");
        }
        return sb.toString();
    }
}
