package org.drtp.data;

/**
 * A dataset or data file could not be read or does not fit what was asked. The message names the file or
 * field and what was expected; the command line maps it to exit code 1.
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
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
