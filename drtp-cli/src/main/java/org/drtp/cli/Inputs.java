package org.drtp.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.data.DataException;
import org.drtp.device.DeviceModelFile;
import org.drtp.io.SafeTensors;
import org.drtp.model.ModelFile;

/** Checks of the input files named on the command line, before they are read. */
final class Inputs {

    private Inputs() {
    }

    /** Whether {@code p} is {@code -}: standard input, for the commands that read it. */
    static boolean isStdin(Path p) {
        return p.toString().equals("-");
    }

    /**
     * A directory where a file is expected is a usage error naming the flag ({@code expected} says what the file
     * should hold); a file that is not there is a data error, as the readers report it.
     */
    static void checkFile(Path p, String flag, String expected) {
        if (Files.isDirectory(p)) {
            throw new Errors.UsageException(flag + " " + p + ": is a directory, expected " + expected);
        }
        if (!Files.exists(p)) {
            throw new DataException(p + ": file not found");
        }
    }

    /**
     * The float model in {@code --model file}; a device (integer) model there is a usage error that says what to do
     * instead ({@code advice}), rather than the reader's "format is 'drtp-device-model'".
     */
    static ModelFile.Model floatModel(Path file, PrintWriter err, String advice) {
        if (DeviceModelFile.isDeviceModel(SafeTensors.read(file))) {
            throw new Errors.UsageException("--model " + file + " is a device (integer) model: " + advice);
        }
        return ModelFile.load(file, note -> err.println("note: " + note));
    }
}
