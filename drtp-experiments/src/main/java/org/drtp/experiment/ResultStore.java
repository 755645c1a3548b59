package org.drtp.experiment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.drtp.data.DataException;
import org.drtp.io.AtomicFiles;
import org.drtp.io.OwnerLock;

/**
 * The runs of an output directory: {@code DIR/runs/<spec file name>}, one JSON file per finished run,
 * written atomically (temporary file, then rename) the moment the run ends. A file exists only when its run
 * is complete, so a killed sweep loses at most the runs in flight and a rerun skips every finished one.
 * A run that fails with an error leaves {@code DIR/failed/<spec file name>} (a {@link Failure}) until a
 * later attempt finishes it, so {@code drtp status} can list failures across the shards of a cluster sweep.
 * Thread-safe: runs write distinct files. While a run is computed its process holds a claim on it
 * ({@link #claim}), hidden beside the results and removed when the result is written.
 */
public final class ResultStore {

    /** Jackson for result files. NaN (regression errors, undefined angles) is written as the string "NaN". */
    /** Duplicate keys are refused: with the last one silently winning, a grid file could run other values than it shows. */
    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    /** Why a run failed: its error's first line, where and when (ISO-8601 UTC). */
    public record Failure(String run, String error, String host, String failed) {
    }

    private final Path dir;
    private final Path runs;
    private final Path failed;

    public ResultStore(Path dir) {
        this.dir = dir;
        this.runs = dir.resolve("runs");
        this.failed = dir.resolve("failed");
    }

    public Path dir() {
        return dir;
    }

    public Path runsDir() {
        return runs;
    }

    public Path fileOf(RunSpec spec) {
        return runs.resolve(spec.fileName());
    }

    public boolean isFinished(RunSpec spec) {
        return Files.isRegularFile(fileOf(spec));
    }

    /**
     * Claims {@code spec} for this process while it computes it ({@code runs/.<file>.claim}, an {@link OwnerLock}),
     * so that two processes sharing this directory (two shards, two overlapping invocations) never compute the
     * same run; null when another live process (or thread) holds it. A claim left by a killed process is stale
     * and taken over. Close the claim after the result is written.
     */
    public OwnerLock claim(RunSpec spec) throws IOException {
        Files.createDirectories(runs);
        return OwnerLock.tryAcquire(runs.resolve("." + spec.fileName() + ".claim"));
    }

    /** Writes a finished run and drops the failure record of an earlier attempt, if any. */
    public void write(RunResult r) throws IOException {
        Files.createDirectories(runs);
        AtomicFiles.write(fileOf(r.spec()), JSON.writeValueAsBytes(r));
        Files.deleteIfExists(failed.resolve(r.spec().fileName()));
    }

    /** Records that {@code spec} failed with {@code error}. */
    public void writeFailure(RunSpec spec, Throwable error) throws IOException {
        String message = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        Failure f = new Failure(spec.fileName(), error.getClass().getSimpleName() + ": " + message, host,
                java.time.Instant.now().toString());
        AtomicFiles.write(failed.resolve(spec.fileName()), JSON.writeValueAsBytes(f));
    }

    /** The failure records of runs not finished since, keyed by run file name. */
    public java.util.Map<String, Failure> failures() {
        java.util.Map<String, Failure> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(failed)) {
            return out;
        }
        try (Stream<Path> files = Files.list(failed)) {
            for (Path p : files.filter(ResultStore::isResultFile).sorted().toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(runs.resolve(name))) {
                    continue; // finished by a later attempt that has not removed the record yet
                }
                try {
                    out.put(name, JSON.readValue(p.toFile(), Failure.class));
                } catch (IOException e) {
                    throw new DataException(p + ": damaged failure record: " + JsonProblems.describe(e)
                            + "; delete it (it only records an earlier failure)", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + failed + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Every finished run of this directory, sorted by file name; temporary files are ignored. */
    public List<RunResult> readAll() {
        List<RunResult> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> files = Files.list(runs)) {
            for (Path p : files.filter(ResultStore::isResultFile).sorted().toList()) {
                out.add(read(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs + ": " + e.getMessage(), e);
        }
        return out;
    }

    static boolean isResultFile(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".json") && !n.startsWith(".");
    }

    /** What to do about a damaged result file, appended to every message about one. */
    public static final String DAMAGED_ADVICE = "rerun the sweep on this directory (it sets the file aside and computes"
            + " the run again) or delete the file";

    /** The fields without which a result file cannot be used (the others have defaults). */
    private static final List<String> REQUIRED = List.of("spec", "finalError", "finalLoss", "epochs", "finished");

    /**
     * Reads one result file and checks its values (a file edited by hand or damaged on disk must not reach a table);
     * the error is one line naming the file, what is wrong with it, and what to do.
     */
    public static RunResult read(Path p) {
        Checked c = check(p);
        if (c.damage() != null) {
            throw new DataException(c.damage() + "; " + DAMAGED_ADVICE);
        }
        return c.result();
    }

    /** A result file read and checked: its result, or {@code damage}, one line naming the file and what is wrong. */
    private record Checked(RunResult result, String damage) {
    }

    private static Checked check(Path p) {
        String problem;
        try {
            JsonNode tree = JSON.readTree(p.toFile());
            if (tree == null || tree.isMissingNode()) {
                problem = "empty file";
            } else if (!tree.isObject()) {
                problem = "expected a JSON object";
            } else {
                problem = REQUIRED.stream().filter(f -> !tree.hasNonNull(f)).map(f -> "missing field '" + f + "'")
                        .findFirst().orElse(null);
                if (problem == null) {
                    RunResult r = JSON.treeToValue(tree, RunResult.class);
                    problem = problem(r, p);
                    if (problem == null) {
                        return new Checked(r, null);
                    }
                }
            }
        } catch (IOException e) {
            problem = JsonProblems.describe(e);
        }
        return new Checked(null, p + ": damaged run result: " + problem);
    }

    /** What is wrong with a parsed result's values, or null. */
    private static String problem(RunResult r, Path p) {
        if (!r.spec().fileName().equals(p.getFileName().toString())) {
            return "its run specification does not match its file name";
        }
        try {
            java.time.Instant.parse(r.finished());
        } catch (java.time.format.DateTimeParseException e) {
            return "field 'finished': expected an ISO-8601 time, got '" + r.finished() + "'";
        }
        // A classification run has test errors in percent; for regression they are NaN and finalError is the test loss.
        boolean regression = !r.epochs().isEmpty() && r.epochs().stream().allMatch(e -> Double.isNaN(e.testError()));
        if (regression ? !(Double.isFinite(r.finalError()) && r.finalError() >= 0) : !(r.finalError() >= 0 && r.finalError() <= 100)) {
            return "field 'finalError': expected " + (regression ? "a finite test loss >= 0" : "an error in percent, 0 to 100")
                    + ", got " + r.finalError();
        }
        if (!(Double.isFinite(r.finalLoss()) && r.finalLoss() >= 0)) {
            return "field 'finalLoss': expected a finite loss >= 0, got " + r.finalLoss();
        }
        for (int i = 0; i < r.epochs().size(); i++) {
            RunResult.Epoch e = r.epochs().get(i);
            if (!(Double.isFinite(e.testLoss()) && e.testLoss() >= 0)) {
                return "field 'epochs[" + i + "].testLoss': expected a finite loss >= 0, got " + e.testLoss();
            }
            if (!regression && !(e.testError() >= 0 && e.testError() <= 100)) {
                return "field 'epochs[" + i + "].testError': expected an error in percent, 0 to 100, got " + e.testError();
            }
        }
        return null;
    }

    /**
     * The runs of {@code specs} whose result file exists but cannot be read, with the reason (one line each, naming
     * the file; without {@link #DAMAGED_ADVICE}, since the caller acts on it): they must not count as finished, or a
     * rerun would skip them and never repair the directory.
     */
    public java.util.Map<RunSpec, String> damaged(List<RunSpec> specs) {
        java.util.Map<RunSpec, String> out = new java.util.LinkedHashMap<>();
        for (RunSpec s : specs) {
            if (isFinished(s)) {
                String damage = check(fileOf(s)).damage();
                if (damage != null) {
                    out.put(s, damage);
                }
            }
        }
        return out;
    }

    /**
     * Renames the damaged result file of {@code spec} to {@code <name>.damaged} (then {@code .damaged.2}, ...), kept for
     * the user to look at, so that the run counts as not finished; null when another process holds the run's claim or
     * the file was repaired or moved meanwhile (checked under the claim, so a result just written is never moved).
     */
    public Path setAside(RunSpec spec) throws IOException {
        try (OwnerLock claim = claim(spec)) {
            if (claim == null || !isFinished(spec)) {
                return null;
            }
            if (check(fileOf(spec)).damage() == null) {
                return null;
            }
            Path to = runs.resolve(spec.fileName() + ".damaged");
            for (int i = 2; Files.exists(to); i++) {
                to = runs.resolve(spec.fileName() + ".damaged." + i);
            }
            return Files.move(fileOf(spec), to);
        }
    }
}
