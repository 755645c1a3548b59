/**
 * The {@code drtp} command line. An application: it exports nothing, and opens its packages only to the libraries
 * that reach into them by reflection (docs/modules.md). The runnable jar ({@code ./drtp}) runs it on the class path.
 */
module org.drtp.cli {
    requires org.drtp.core;
    requires org.drtp.experiments;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires me.tongfei.progressbar;
    requires java.management; // bench: per-thread CPU time

    // picocli sets the @Option and @Parameters fields of the commands and their mixins.
    opens org.drtp.cli to info.picocli;
    // Jackson writes the records of --json lines and result files.
    opens org.drtp.cli.output to com.fasterxml.jackson.databind;
    opens org.drtp.cli.bench to com.fasterxml.jackson.databind;
}
