package org.drtp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code drtp} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (0 ok, 1 data or runtime error, 2 usage error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            code = Errors.onOutOfMemory("drtp", err);
        } catch (RuntimeException | Error e) { // never a stack trace for any input (picocli passes Errors on)
            if (System.getenv("DRTP_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.println("drtp: internal error: " + Errors.shortenLongWords(String.valueOf(e)));
            code = Errors.DATA;
        }
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DrtpCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Our descriptions hold tables (experiments, rules) written for 120 columns; picocli's default of 80
        // wrapped them mid-row.
        cl.setUsageHelpWidth(120);
        cl.setParameterExceptionHandler(Errors::onParameterException);
        cl.setExecutionExceptionHandler(Errors::onExecutionException);
        return cl;
    }
}
