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

    /** Values longer than this are shortened in messages (a 1 MB token must not become a 1 MB error line). */
    public static final int MAX_ECHO = 60;

    /**
     * {@code value} as it may appear in a message: whole if short, else its first and last characters and its
     * length, e.g. {@code 'aaaa...zzzz' (1048576 characters)}.
     */
    public static String shorten(String value) {
        if (value == null || value.length() <= MAX_ECHO) {
            return value;
        }
        return value.substring(0, 40) + "..." + value.substring(value.length() - 12) + " (" + value.length()
                + " characters)";
    }
}
