package org.drtp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs our PyTorch twin ({@code pytorch/drtp_torch.py}: the same training written the way the reference code
 * does it) as a child process and reads the JSON object it prints last, for side-by-side speed comparisons in
 * one run. Needs Debian's {@code python3-torch}; OpenBLAS ({@code libopenblas0-pthread}) is used when present,
 * as the twin's README explains.
 */
final class PyTorchTwin {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path OPENBLAS = Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread");

    private final Path script;
    private final Consumer<String> log;

    PyTorchTwin(Path script, Consumer<String> log) {
        this.script = script;
        this.log = log;
    }

    /** The twin script: {@code --pytorch-script}, else {@code pytorch/drtp_torch.py} under the drtp home or here. */
    static Path locate(Path given) {
        if (given != null) {
            return given;
        }
        String home = System.getProperty("drtp.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        return base.resolve("pytorch").resolve("drtp_torch.py");
    }

    /** Throws a usage error naming what is missing (the script, python3, or torch). */
    void check() throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new Errors.UsageException("--pytorch: twin script " + script + " not found (give --pytorch-script PATH)");
        }
        if (!Files.isExecutable(PYTHON)) {
            throw new Errors.UsageException("--pytorch: " + PYTHON + " not found: apt-get install python3 python3-torch");
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new Errors.UsageException("--pytorch: PyTorch is not installed for " + PYTHON + ": apt-get install python3-torch");
        }
    }

    /** Runs {@code drtp_torch.py ARGS --json} and returns its last stdout line as JSON. */
    JsonNode run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(args);
        cmd.add("--json");
        log.accept("pytorch: " + String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (Files.isDirectory(OPENBLAS)) {
            pb.environment().put("LD_LIBRARY_PATH", OPENBLAS.toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IOException("the PyTorch twin failed (exit " + p.exitValue() + ") on " + String.join(" ", args));
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return new ObjectMapper().readTree(last);
    }
}
