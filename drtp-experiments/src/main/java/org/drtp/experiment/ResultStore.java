package org.drtp.experiment;

import com.fasterxml.jackson.core.JsonParser;
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

/**
 * The runs of an output directory: {@code DIR/runs/<spec file name>}, one JSON file per finished run,
 * written atomically (temporary file, then rename) the moment the run ends. A file exists only when its run
 * is complete, so a killed sweep loses at most the runs in flight and a rerun skips every finished one.
 * A run that fails with an error leaves {@code DIR/failed/<spec file name>} (a {@link Failure}) until a
 * later attempt finishes it, so {@code drtp status} can list failures across the shards of a cluster sweep.
 * Thread-safe: runs write distinct files.
 */
public final class ResultStore {

    /** Jackson for result files. NaN (regression errors, undefined angles) is written as the string "NaN". */
    public static final ObjectMapper JSON = new ObjectMapper()
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
                    throw new DataException(p + ": not a readable drtp failure record (" + e.getMessage().lines()
                            .findFirst().orElse("") + ")", e);
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

    /** Reads one result file; the error names the file and what is wrong with it. */
    public static RunResult read(Path p) {
        try {
            RunResult r = JSON.readValue(p.toFile(), RunResult.class);
            if (r.spec() == null || !r.spec().fileName().equals(p.getFileName().toString())) {
                throw new DataException(p + ": not a drtp run result (its run specification does not match its file name)");
            }
            return r;
        } catch (IOException e) {
            throw new DataException(p + ": not a readable drtp run result (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
    }
}
