package org.drtp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtp.experiment.Table;
import org.drtp.plot.Chart;
import org.drtp.plot.Series;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path tmp;

    static List<Report.Section> sections() {
        double[] x = {1, 2, 3};
        Chart c1 = Chart.of("fig3-test-error", "Test error <&>", "epoch", "error (%)",
                List.of(new Series("BP", x, new double[] {9, 5, 3}, new double[] {1, 1, 1})));
        Chart c2 = new Chart("fig3-angles-h1", "Angles", "samples", "degrees",
                List.of(new Series("DRTP", x, new double[] {80, 70, 60}, new double[] {2, 2, 2})), false, 0, Double.NaN, 90);
        Table t = new Table("fig3", "Figure 3", List.of("Rule", "Test error (%)"), List.of(List.of("BP", "1.20 ± 0.10")),
                List.of("a note"));
        return List.of(new Report.Section("Figure 3", List.of("section note"), List.of(t), List.of(c1, c2)));
    }

    @Test
    void writesTablesPlotsAndASelfContainedReport() throws Exception {
        List<Path> files = Report.write(tmp, "drtp report", List.of("QUICK"), sections());
        for (String f : List.of("tables/fig3.md", "tables/fig3.csv", "plots/fig3-test-error.png", "plots/fig3-test-error.svg",
                "plots/fig3-angles-h1.png", "plots/fig3-angles-h1.svg", "report.html")) {
            assertTrue(Files.isRegularFile(tmp.resolve(f)), f);
            assertTrue(files.contains(tmp.resolve(f)), f);
        }
        String html = Files.readString(tmp.resolve("report.html"));
        assertEquals(2, html.split("<figure class=\"plot\"", -1).length - 1);
        assertEquals(2, html.split("<svg", -1).length - 1, "plots are inlined");
        assertFalse(html.contains("src=\"http"), "no external resources");
        assertFalse(html.contains("<script"), "no scripts");
        assertTrue(html.contains("Test error &lt;&amp;&gt;"), "escaped");
        assertTrue(html.contains("<td>1.20 ± 0.10</td>"));
        assertTrue(html.contains("class=\"banner\">QUICK"));
        assertFalse(html.contains("<?xml"), "no XML declarations inside HTML");
    }
}
