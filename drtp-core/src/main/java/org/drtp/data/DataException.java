package org.drtp.data;

/**
 * A dataset or data file could not be read or does not fit what was asked. The message names the file or
 * field and what was expected; the command line maps it to exit code 1. When the problem is about one
 * setting of the run (the data directory, the checkpoint directory), {@link #setting()} names it as run
 * descriptions do ({@code data_dir}), so that a front end can point at its own flag or field.
 */
public class DataException extends RuntimeException {

    private final String setting;

    public DataException(String message) {
        this(message, (Throwable) null);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
        this.setting = null;
    }

    private DataException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** A data problem about the setting {@code setting} (e.g. {@code data_dir}). */
    public static DataException about(String setting, String message) {
        return new DataException(setting, message);
    }

    /** The setting the problem is about, or null. */
    public String setting() {
        return setting;
    }
}
