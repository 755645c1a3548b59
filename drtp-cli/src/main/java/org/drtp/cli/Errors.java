package org.drtp.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.drtp.data.DataException;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.TrainingDivergedException;
import org.drtp.train.TrainingStoppedException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Turns failures into one-line messages and exit codes: 2 for usage errors (bad flags, topology strings,
 * hyperparameters: the library's {@link InvalidSettingException}, named here by flag), 1 for data and I/O errors
 * and for internal errors (any other exception, an {@link IllegalArgumentException} included, is a fault of
 * drtp, not of the user). Set {@code DRTP_DEBUG=1} to get stack traces.
 */
final class Errors {

    static final int USAGE = 2;
    static final int DATA = 1;

    private Errors() {
    }

    /**
     * Refuses the first of {@code flags} given on the command line, as "FLAG: {@code reason}": a flag that the run
     * would ignore (another arithmetic, a saved model's own settings) must not look as if it had done something.
     */
    static void refuseGiven(CommandSpec spec, List<String> flags, String reason) {
        for (String flag : flags) {
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                throw new UsageException(flag + ": " + reason);
            }
        }
    }

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(shortenLongWords(name + ": " + ex.getMessage() + " (see '" + name + " --help')"));
        return USAGE;
    }


    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (System.getenv("DRTP_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) { // e.g. from a worker thread of a sweep
                return onOutOfMemory(name, cmd.getErr());
            }
        }
        if (ex instanceof InvalidSettingException s) {
            cmd.getErr().println(shortenLongWords(
                    name + ": " + (s.setting() == null ? s.problem() : flag(s.setting()) + ": " + s.problem())));
            return USAGE;
        }
        if (ex instanceof UsageException) {
            cmd.getErr().println(shortenLongWords(name + ": " + ex.getMessage()));
            return USAGE;
        }
        if (ex instanceof DataException d) {
            cmd.getErr().println(shortenLongWords(
                    name + ": " + d.getMessage() + (d.setting() == null ? "" : " (" + flag(d.setting()) + ")")));
            return DATA;
        }
        if (ex instanceof TrainingDivergedException d) {
            cmd.getErr().println(name + ": " + d.getMessage() + " (" + flag(d.setting()) + ")");
            return DATA;
        }
        if (ex instanceof TrainingStoppedException) {
            cmd.getErr().println(shortenLongWords(name + ": " + ex.getMessage()));
            return DATA;
        }
        if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            cmd.getErr().println(shortenLongWords(name + ": I/O error: " + ex.getMessage()));
            return DATA;
        }
        cmd.getErr().println(name + ": internal error: " + ex
                + (System.getenv("DRTP_DEBUG") == null ? " (set DRTP_DEBUG=1 for a stack trace)" : ""));
        return DATA;
    }

    /** The heap ran out anyway (an estimate missed, or no estimate for this case): a message, not a trace. */
    static int onOutOfMemory(String name, java.io.PrintWriter err) {
        err.println(name + ": out of memory (the Java heap is " + Memory.size(Runtime.getRuntime().maxMemory())
                + "): use a smaller topology, batch, window or grid, or give Java more memory, e.g. DRTP_JAVA_OPTS=-Xmx8g");
        err.flush();
        return DATA;
    }

    /**
     * Shortens every word longer than {@link DataException#MAX_ECHO} characters (a 1 MB flag value or field is
     * echoed as its first and last characters and its length), so that an error stays one readable line.
     */
    static String shortenLongWords(String message) {
        if (message == null || message.length() <= DataException.MAX_ECHO) {
            return message;
        }
        StringBuilder sb = new StringBuilder();
        for (String w : message.split(" ", -1)) {
            sb.append(sb.length() == 0 ? "" : " ").append(w.length() > 200 ? DataException.shorten(w) : w);
        }
        return sb.toString();
    }

    /** The command-line flag of a library setting: {@code batch_size} is {@code --batch-size}. */
    static String flag(String setting) {
        return "--" + setting.replace('_', '-');
    }

    /** A usage error found after parsing (e.g. an unwritable --out directory). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }

        UsageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
