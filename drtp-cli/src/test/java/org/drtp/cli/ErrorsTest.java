package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.drtp.data.DataException;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which exit code and line each kind of failure gets; the library's setting keys become flag names. */
class ErrorsTest {

    private record Outcome(int code, String err) {
    }

    private static Outcome handle(Exception e) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new DrtpCommand());
        cmd.setErr(new PrintWriter(err, true));
        int code = Errors.onExecutionException(e, cmd, null);
        return new Outcome(code, err.toString().strip());
    }

    @Test
    void invalidSettingsAreUsageErrorsNamedByFlag() {
        assertEquals(new Outcome(2, "drtp: --batch-size: must be a positive integer, got 0"),
                handle(new InvalidSettingException("batch_size", "must be a positive integer, got 0")));
        assertEquals(new Outcome(2, "drtp: the topology does not fit"), handle(new InvalidSettingException("the topology does not fit")));
        assertEquals(new Outcome(2, "drtp: --out x: not a directory"), handle(new Errors.UsageException("--out x: not a directory")));
    }

    @Test
    void dataErrorsNameTheirSettingsFlag() {
        assertEquals(new Outcome(1, "drtp: data directory /x: no such directory (--data-dir)"),
                handle(DataException.about("data_dir", "data directory /x: no such directory")));
        assertEquals(new Outcome(1, "drtp: x.idx: truncated"), handle(new DataException("x.idx: truncated")));
        assertEquals(new Outcome(1, "drtp: training diverged (--lr)"), handle(new TrainingDivergedException("training diverged")));
    }

    @Test
    void anyOtherIllegalArgumentIsAnInternalErrorWithExitCodeOne() {
        Outcome o = handle(new IllegalArgumentException("batch of 0 examples, expected 1..60"));
        assertEquals(1, o.code());
        assertEquals(true, o.err().startsWith("drtp: internal error: java.lang.IllegalArgumentException: batch of 0"), o.err());
    }
}
