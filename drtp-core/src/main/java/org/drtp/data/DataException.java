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
}
