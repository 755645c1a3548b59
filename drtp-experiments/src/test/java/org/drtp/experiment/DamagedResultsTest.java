package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.drtp.data.DataException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result files that are damaged, edited or duplicated with other numbers: one-line messages in the user's terms,
 * never counted as finished, counted apart by status, and refused by aggregate instead of picked by argument order.
 */
class DamagedResultsTest {

    @TempDir
    Path tmp;

    private List<RunSpec> grid;
    private ResultStore store;

    @BeforeEach
    void fourFinishedRuns() throws IOException {
        grid = TinyGrid.table1().subList(0, 4);
        TinyGrid.manifest(grid, Shard.ALL).write(tmp.resolve("a"));
        store = new ResultStore(tmp.resolve("a"));
        new ExperimentRunner(store, new ExperimentData(null), 1).run(grid, new ExperimentRunner.Progress() { });
    }

    private Path file(int i) {
        return store.fileOf(grid.get(i));
    }

    private String refused(Path p) {
        DataException e = assertThrows(DataException.class, () -> ResultStore.read(p));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": damaged run result: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(ResultStore.DAMAGED_ADVICE), e.getMessage());
        assertFalse(e.getMessage().matches(".*(org\\.drtp|java\\.|REDACTED|StreamReadFeature).*"), e.getMessage());
        return e.getMessage();
    }

    private void edit(int i, String from, String to) throws IOException {
        String json = Files.readString(file(i));
        assertTrue(json.matches("(?s).*" + from + ".*"), json);
        Files.writeString(file(i), json.replaceFirst(from, to));
    }

    @Test
    void aDamagedFileIsNamedInTheUsersTerms() throws IOException {
        Files.writeString(file(0), "{\"foo\": 1}");
        assertTrue(refused(file(0)).contains(": missing field 'spec';"));
        Files.writeString(file(0), Files.readString(file(1)).substring(0, 40));
        assertTrue(refused(file(0)).contains(": not valid JSON, truncated (ends at line "));
        Files.writeString(file(0), "");
        assertTrue(refused(file(0)).contains(": empty file;"));
        edit(1, "\"finalError\" : [0-9.]+", "\"finalError\" : -5");
        assertTrue(refused(file(1)).contains("field 'finalError': expected an error in percent, 0 to 100, got -5.0"));
        edit(2, "\"finalLoss\" : [0-9.]+", "\"finalLoss\" : \"NaN\"");
        assertTrue(refused(file(2)).contains("field 'finalLoss': expected a finite loss >= 0, got NaN"));
        edit(3, "\"finalError\"", "\"finalError\" : 1, \"finalError\"");
        assertTrue(refused(file(3)).contains("field 'finalError' given twice at line "));
    }

    @Test
    void aDamagedFileIsNotFinishedStatusCountsItAndItIsSetAsideNotDeleted() throws IOException {
        Files.writeString(file(0), "{\"foo\": 1}");
        assertEquals(List.of(grid.get(0)), List.copyOf(store.damaged(grid).keySet()));
        SweepStatus.Grid g = SweepStatus.of(tmp.resolve("a"), Instant.now()).grids().get(0);
        assertEquals(3, g.finished());
        assertEquals(1, g.damaged().size());
        assertEquals(0, g.runningOrMissing());
        assertTrue(g.damaged().get(0).startsWith(file(0) + ": damaged run result: missing field 'spec'"));

        Path aside = store.setAside(grid.get(0));
        assertEquals(file(0).resolveSibling(file(0).getFileName() + ".damaged"), aside);
        assertEquals("{\"foo\": 1}", Files.readString(aside));
        assertFalse(store.isFinished(grid.get(0)));
        assertEquals(3, store.readAll().size(), "the set-aside file is not read as a result");
        Files.writeString(file(0), "{}");
        assertTrue(store.setAside(grid.get(0)).toString().endsWith(".damaged.2"), "the first one is kept");
    }

    @Test
    void aggregateRefusesTwoCopiesOfARunWithDifferentNumbersAndTakesIdenticalOnesOnce() throws IOException {
        Path b = tmp.resolve("b");
        Files.createDirectories(b.resolve("runs"));
        for (RunSpec s : grid) {
            Files.copy(store.fileOf(s), b.resolve("runs").resolve(s.fileName()));
        }
        assertEquals(4, Aggregation.of(List.of(tmp.resolve("a"), b)).results().size());
        Path copy = b.resolve("runs").resolve(grid.get(2).fileName());
        String json = Files.readString(copy);
        assertTrue(json.matches("(?s).*\"finalError\" : [0-9.]+.*\"seconds\" : [0-9.E-]+.*"), json);
        Files.writeString(copy, json.replaceFirst("\"finalError\" : [0-9.]+", "\"finalError\" : 99"));
        for (List<Path> order : List.of(List.of(tmp.resolve("a"), b), List.of(b, tmp.resolve("a")))) {
            DataException e = assertThrows(DataException.class, () -> Aggregation.of(order));
            assertTrue(e.getMessage().contains(store.fileOf(grid.get(2)) + "") && e.getMessage().contains(copy + "")
                    && e.getMessage().contains("hold the same run with different results"), e.getMessage());
        }
        // Timings differ between two computations of one run: not a difference.
        Files.writeString(copy, json.replaceFirst("\"seconds\" : [0-9.E-]+", "\"seconds\" : 1234.5"));
        assertEquals(4, Aggregation.of(List.of(b, tmp.resolve("a"))).results().size());
    }

    @Test
    void aFileGivenAsResultDirectoryIsNamedAsAFile() {
        Path f = file(0);
        DataException status = assertThrows(DataException.class, () -> SweepStatus.of(f, Instant.now()));
        assertEquals(f + ": is a file, expected a result directory (with grid-*.json and runs/)", status.getMessage());
        DataException agg = assertThrows(DataException.class, () -> Aggregation.of(List.of(f)));
        assertTrue(agg.getMessage().startsWith(f + ": is a file"), agg.getMessage());
    }
}
