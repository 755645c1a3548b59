package org.drtp.experiment;

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
 * What a {@code reproduce} command set out to run, written next to its results as
 * {@code grid-<experiment>[-shard-K-of-N].json}: the experiment, its options, the shard, the whole grid's file
 * names and the notes (dataset fallbacks, rows left out). {@code aggregate} reads it to tell which runs of a
 * grid are still missing and to carry the notes into the report.
 */
public record GridManifest(String experiment, boolean quick, int trials, int epochs, long seed, String shard,
                           int gridSize, List<String> runFiles, List<String> notes) {

    public GridManifest {
        runFiles = List.copyOf(runFiles);
        notes = List.copyOf(notes);
    }

    public String fileName() {
        return "grid-" + experiment + (quick ? "-quick" : "") + (shard.equals("1/1") ? "" : "-shard-" + shard.replace("/", "-of-"))
                + ".json";
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(fileName()), ResultStore.JSON.writeValueAsBytes(this));
    }

    /** Every grid manifest of a directory. */
    public static List<GridManifest> readAll(Path dir) {
        List<GridManifest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("grid-.*\\.json")).sorted().toList()) {
                try {
                    out.add(ResultStore.JSON.readValue(p.toFile(), GridManifest.class));
                } catch (IOException e) {
                    throw new DataException(p + ": damaged grid manifest: " + JsonProblems.describe(e) + "; delete it"
                            + " and rerun the sweep (every shard) to write it again", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
