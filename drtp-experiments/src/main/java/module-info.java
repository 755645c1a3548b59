/**
 * The paper's experiments behind {@code drtp reproduce}, {@code sweep}, {@code aggregate} and {@code report}: grids,
 * the parallel runner, the result store, tables, plots and the HTML report. They are the CLI's engine, not a library
 * API: every package is exported to {@code org.drtp.cli} only (docs/modules.md).
 */
// "module": org.drtp.cli is built after this module; "requires-automatic": JFreeChart names its module in its manifest only
@SuppressWarnings({"module", "requires-automatic"})
module org.drtp.experiments {
    requires org.drtp.core;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.csv;
    requires org.jfree.jfreechart;
    requires org.jfree.svg;
    requires java.desktop; // java.awt: the plots are drawn with Java2D (headless)

    exports org.drtp.experiment to org.drtp.cli;
    exports org.drtp.plot to org.drtp.cli;
    exports org.drtp.report to org.drtp.cli;

    // The result store reads and writes its records (RunResult, GridManifest...) with Jackson.
    opens org.drtp.experiment to com.fasterxml.jackson.databind;
}
