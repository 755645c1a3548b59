package org.drtp.settings;

/**
 * A setting of a run (a hyperparameter, a topology string, an option of a grid...) has a value the library
 * cannot use: the caller's mistake, not a fault of the library. {@link #setting()} names the setting as run
 * descriptions, manifests and grid files do ({@code lr}, {@code batch_size}, {@code shard}), or is null when
 * the problem is not about one setting; {@link #problem()} says what is wrong. A library caller reads
 * "setting: problem" from {@link #getMessage()}; the command line prints the problem after its own flag name
 * and exits with its usage-error code. Any other {@link IllegalArgumentException} from the library is an
 * internal error.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String setting;
    private final String problem;

    public InvalidSettingException(String setting, String problem) {
        super(setting == null ? problem : setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** A problem not tied to one setting (e.g. a topology that does not fit the data). */
    public InvalidSettingException(String problem) {
        this(null, problem);
    }

    public InvalidSettingException(String problem, Throwable cause) {
        this(problem);
        initCause(cause);
    }

    /** The setting's key, or null. */
    public String setting() {
        return setting;
    }

    /** What is wrong, without the setting's name. */
    public String problem() {
        return problem;
    }
}
