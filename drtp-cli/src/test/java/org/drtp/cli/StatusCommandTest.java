package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.drtp.experiment.CustomGrid;
import org.drtp.experiment.ExperimentData;
import org.drtp.experiment.ExperimentOptions;
import org.drtp.experiment.ResultStore;
import org.drtp.experiment.RunSpec;
import org.drtp.experiment.Shard;
import org.drtp.experiment.Sweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drtp status} on the shared directory of a sharded sweep: shard 1 of 2 finished, shard 2 not started
 * but one of its runs failed elsewhere (a failure record). While a sweep runs: {@code SweepStatusTest} (counts
 * at every finished run) and {@link SlurmArrayTest} (this command during a real job array).
 */
class StatusCommandTest {

    @TempDir
    Path tmp;

    @Test
    void listsFinishedMissingAndFailedRunsPerShardWithTheFailuresError() throws Exception {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"name\": \"st\", \"dataset\": \"mnist-10k\", \"topology\": \"FC_16_FC_10\","
                + " \"train_mode\": [\"bp\", \"drtp\"], \"lr\": [1e-3, 1e-2], \"epochs\": 1, \"train_limit\": 200,"
                + " \"test_limit\": 100}");
        Path dir = tmp.resolve("out");
        ReproduceCommandTest.Outcome first = ReproduceCommandTest.run("sweep", grid.toString(), "--shard", "1/2",
                "--jobs", "1", "--out", dir.toString());
        assertEquals(0, first.code(), first.err());

        // A run of shard 2 failed on another node: the record its task would have left.
        RunSpec failed = Sweep.plan(CustomGrid.read(grid), new ExperimentOptions(false, 0, 0, ExperimentOptions.DEFAULT_SEED),
                new Shard(2, 2), new ExperimentData(null)).slice().get(0);
        new ResultStore(dir).writeFailure(failed, new IllegalStateException("boom\nsecond line"));
        String failedRun = failed.fileName();

        ReproduceCommandTest.Outcome s = ReproduceCommandTest.run("status", dir.toString());
        assertEquals(0, s.code(), s.err());
        List<String> lines = s.out().lines().toList();
        assertTrue(lines.get(0).startsWith("st: 2/4 finished, 1 running or missing, 1 failed; ETA "), s.out());
        assertEquals("  shard 2/2: 0/2 finished, 1 failed (its task has not written its grid manifest)", lines.get(1));
        assertEquals("  shards done: 1 of 2", lines.get(2));
        assertTrue(lines.get(3).startsWith("  failed: " + failedRun + ": IllegalStateException: boom ("), lines.get(3));
        assertEquals("  rerun the shards of failed runs to retry them (finished runs are skipped)", lines.get(4));
        assertEquals(5, lines.size(), s.out());

        ReproduceCommandTest.Outcome rest = ReproduceCommandTest.run("sweep", grid.toString(), "--shard", "2/2",
                "--jobs", "1", "--out", dir.toString());
        assertEquals(0, rest.code(), rest.err());
        ReproduceCommandTest.Outcome done = ReproduceCommandTest.run("status", dir.toString());
        assertEquals("st: 4/4 finished, 0 running or missing, 0 failed; done\n  shards done: 1-2 of 2\n", done.out());
        assertEquals("1-3, 5, 7-8", StatusCommand.ranges(List.of(1, 2, 3, 5, 7, 8)));
        assertEquals("4", StatusCommand.ranges(List.of(4)));
    }

    @Test
    void aDirectoryThatIsNoSweepIsAOneLineDataError() {
        ReproduceCommandTest.Outcome o = ReproduceCommandTest.run("status", tmp.toString());
        assertEquals(Errors.DATA, o.code());
        assertTrue(o.err().startsWith("drtp status: " + tmp + ": no grid-*.json manifest"), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
    }
}
