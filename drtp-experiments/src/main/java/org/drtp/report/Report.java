package org.drtp.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtp.experiment.Table;
import org.drtp.io.AtomicFiles;
import org.drtp.plot.Chart;
import org.drtp.plot.Plots;

/**
 * Writes an output directory's tables, plots and {@code report.html}:
 * <pre>
 * DIR/tables/&lt;id&gt;.md, &lt;id&gt;.csv     one per table
 * DIR/plots/&lt;id&gt;.png, &lt;id&gt;.svg     one per chart
 * DIR/report.html                  everything above in one self-contained page (SVG inlined)
 * </pre>
 * Every file is written atomically.
 */
public final class Report {

    /** One experiment's section of the report. */
    public record Section(String title, List<String> notes, List<Table> tables, List<Chart> charts) {
    }

    private Report() {
    }

    /** Writes every file; returns the paths written. */
    public static List<Path> write(Path dir, String title, List<String> banner, List<Section> sections) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Section s : sections) {
            for (Table t : s.tables()) {
                Path md = dir.resolve("tables").resolve(t.id() + ".md");
                Path csv = dir.resolve("tables").resolve(t.id() + ".csv");
                AtomicFiles.writeString(md, Tables.markdown(t));
                AtomicFiles.writeString(csv, Tables.csv(t));
                written.add(md);
                written.add(csv);
            }
            for (Chart c : s.charts()) {
                written.addAll(Plots.write(c, dir.resolve("plots")));
            }
        }
        Path html = dir.resolve("report.html");
        AtomicFiles.write(html, html(title, banner, sections).getBytes(StandardCharsets.UTF_8));
        written.add(html);
        return written;
    }

    /** The self-contained page: no scripts, no external resources. */
    public static String html(String title, List<String> banner, List<Section> sections) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}caption{font-weight:bold;text-align:left;padding:.3em 0}\n")
                .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}\n")
                .append("thead{background:#f0f0f0}.note{color:#555;font-size:.9em}.banner{background:#fff3cd;padding:.6em;border:1px solid #e0c060}\n")
                .append("figure{margin:1.5em 0}figure svg{width:100%;height:auto;max-width:760px;display:block}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        for (String b : banner) {
            sb.append("<p class=\"banner\">").append(Html.escape(b)).append("</p>\n");
        }
        for (Section s : sections) {
            sb.append("<section>\n<h2>").append(Html.escape(s.title())).append("</h2>\n");
            for (String n : s.notes()) {
                sb.append("<p class=\"note\">").append(Html.escape(n)).append("</p>\n");
            }
            for (Table t : s.tables()) {
                sb.append(Tables.html(t));
            }
            for (Chart c : s.charts()) {
                sb.append("<figure class=\"plot\" id=\"plot-").append(Html.escape(c.id())).append("\">\n")
                        .append(Plots.svgElement(c)).append("\n<figcaption>").append(Html.escape(c.title()))
                        .append(" (").append(Html.escape(c.id())).append(".png / .svg in plots/)</figcaption>\n</figure>\n");
            }
            sb.append("</section>\n");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }
}
