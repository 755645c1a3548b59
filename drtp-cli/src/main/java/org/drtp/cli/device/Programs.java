package org.drtp.cli.device;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (compiler, size, QEMU, the host harness) and collects its output. */
final class Programs {

    /** Exit status and the combined standard output and error. */
    record Outcome(int status, String output) {
    }

    private Programs() {
    }

    /** Runs a program to its end, killing it after {@code timeoutMinutes} (a firmware stuck in a loop). */
    static Outcome run(Path workDir, List<String> command, long timeoutMinutes) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve(".output").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IOException(Path.of(command.get(0)).getFileName() + " did not finish within " + timeoutMinutes
                        + " minutes");
            }
            String output = java.nio.file.Files.readString(workDir.resolve(".output"), StandardCharsets.UTF_8);
            java.nio.file.Files.delete(workDir.resolve(".output"));
            return new Outcome(p.exitValue(), output);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running " + command.get(0));
        }
    }

    static Outcome run(Path workDir, List<String> command) throws IOException {
        return run(workDir, command, 5);
    }

    /** Runs a program that must succeed; its output otherwise becomes the message (first lines). */
    static String runOrThrow(Path workDir, List<String> command) throws IOException {
        Outcome o = run(workDir, command);
        if (o.status() != 0) {
            String first = o.output().strip().lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("no output");
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + o.status() + "): " + first);
        }
        return o.output();
    }
}
