package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.drtp.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepStatusTest {

    @TempDir
    Path tmp;

    @Test
    void whileAShardRunsTheCountsFollowItsResultFilesAndTheOtherShardIsNotStarted() throws IOException {
        List<RunSpec> grid = TinyGrid.table1().subList(0, 8);
        Shard first = new Shard(1, 2);
        TinyGrid.manifest(grid, first).write(tmp);
        List<SweepStatus> seen = new ArrayList<>();
        new ExperimentRunner(new ResultStore(tmp), new ExperimentData(null), 1).run(first.select(grid),
                new ExperimentRunner.Progress() {
                    @Override
                    public void runDone(RunResult result, int done, int toRun) {
                        seen.add(SweepStatus.of(tmp, Instant.now()));
                    }
                });
        assertEquals(4, seen.size());
        for (int done = 1; done <= 4; done++) {
            SweepStatus.Grid g = seen.get(done - 1).grids().get(0);
            assertEquals("table1 --quick", g.name());
            assertEquals(8, g.total());
            assertEquals(done, g.finished());
            assertEquals(8 - done, g.runningOrMissing());
            assertEquals(0, g.failed());
            SweepStatus.ShardProgress one = g.shards().get(2).get(1);
            SweepStatus.ShardProgress two = g.shards().get(2).get(2);
            assertEquals(new SweepStatus.ShardProgress(true, done, 0, 4), one);
            assertEquals(new SweepStatus.ShardProgress(false, 0, 0, 4), two);
            if (done == 1) {
                assertNull(g.eta(), "no rate from a single run");
            } else {
                assertNotNull(g.eta());
                assertTrue(g.runsPerHour() > 0);
            }
        }
    }

    @Test
    void aFailedRunIsRecordedListedAndClearedWhenALaterAttemptFinishesIt() throws IOException {
        RunSpec good = TinyGrid.table1().get(0);
        // A spec no trainer accepts (3 classes, 5 outputs): its run fails when it starts, as a run with a bad setting
        // on a cluster node.
        RunSpec bad = TinyGrid.spec("table1", "FC1-500", "FC_8_FC_5", "bp", 0f, 0, 0);
        List<RunSpec> grid = List.of(good, bad);
        TinyGrid.manifest(grid, Shard.ALL).write(tmp);
        ResultStore store = new ResultStore(tmp);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new ExperimentRunner(store, new ExperimentData(null), 1).run(grid, new ExperimentRunner.Progress() { }));
        assertTrue(e.getMessage().contains("output layer has 5 units"), e.getMessage());

        SweepStatus.Grid g = SweepStatus.of(tmp, Instant.now()).grids().get(0);
        assertEquals(1, g.finished());
        assertEquals(1, g.failed());
        assertEquals(0, g.runningOrMissing());
        ResultStore.Failure f = g.failures().get(0);
        assertEquals(bad.fileName(), f.run());
        assertTrue(f.error().startsWith("InvalidSettingException: ") && f.error().contains("output layer has 5 units"), f.error());
        assertFalse(f.host().isBlank());
        Instant.parse(f.failed());

        // The data is repaired and the run rerun: its result replaces the failure record.
        store.write(new RunResult(bad, 1, 1, List.of(), List.of(), false, 1, Instant.now().toString()));
        assertTrue(store.failures().isEmpty());
        assertFalse(Files.exists(tmp.resolve("failed").resolve(bad.fileName())));
        SweepStatus.Grid after = SweepStatus.of(tmp, Instant.now()).grids().get(0);
        assertEquals(2, after.finished());
        assertEquals(0, after.failed());
    }

    @Test
    void aDirectoryWithoutManifestIsAOneLineErrorSayingWhatIsMissing() throws IOException {
        DataException none = assertThrows(DataException.class, () -> SweepStatus.of(tmp.resolve("nope"), Instant.now()));
        assertTrue(none.getMessage().contains("no such result directory"), none.getMessage());
        DataException empty = assertThrows(DataException.class, () -> SweepStatus.of(tmp, Instant.now()));
        assertTrue(empty.getMessage().contains("no grid-*.json manifest"), empty.getMessage());
    }
}
