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

    /** A path given on the command line: never empty (picocli names the flag in the usage error). */
    static java.nio.file.Path path(String value) {
        if (value.isEmpty()) {
            throw new CommandLine.TypeConversionException("expected a file or directory name, got an empty path");
        }
        try {
            return java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DrtpCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Our descriptions hold tables (experiments, rules) written for 120 columns; picocli's default of 80
        // wrapped them mid-row.
        cl.setUsageHelpWidth(120);
        // Every path flag and parameter, of every command: an empty one would mean the current directory.
        cl.registerConverter(java.nio.file.Path.class, Main::path);
        cl.setParameterExceptionHandler(Errors::onParameterException);
        cl.setExecutionExceptionHandler(Errors::onExecutionException);
        return cl;
    }
}
