package org.drtp.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.drtp.data.DataException;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.TrainingDivergedException;
import org.drtp.train.TrainingStoppedException;
import picocli.CommandLine;

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

    static int onParameterException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
        return USAGE;
    }

    static int onExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        if (System.getenv("DRTP_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        if (ex instanceof InvalidSettingException s) {
            cmd.getErr().println(name + ": " + (s.setting() == null ? s.problem() : flag(s.setting()) + ": " + s.problem()));
            return USAGE;
        }
        if (ex instanceof UsageException) {
            cmd.getErr().println(name + ": " + ex.getMessage());
            return USAGE;
        }
        if (ex instanceof DataException d) {
            cmd.getErr().println(name + ": " + d.getMessage() + (d.setting() == null ? "" : " (" + flag(d.setting()) + ")"));
            return DATA;
        }
        if (ex instanceof TrainingDivergedException d) {
            cmd.getErr().println(name + ": " + d.getMessage() + " (" + flag(d.setting()) + ")");
            return DATA;
        }
        if (ex instanceof TrainingStoppedException) {
            cmd.getErr().println(name + ": " + ex.getMessage());
            return DATA;
        }
        if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            cmd.getErr().println(name + ": I/O error: " + ex.getMessage());
            return DATA;
        }
        cmd.getErr().println(name + ": internal error: " + ex
                + (System.getenv("DRTP_DEBUG") == null ? " (set DRTP_DEBUG=1 for a stack trace)" : ""));
        return DATA;
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
