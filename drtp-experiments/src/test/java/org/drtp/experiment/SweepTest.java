package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.drtp.data.DataException;
import org.drtp.report.ReportBuilder;
import org.drtp.report.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path tmp;

    private static ExperimentRunner.Summary run(Path dir, List<RunSpec> specs, int jobs) throws IOException {
        return new ExperimentRunner(new ResultStore(dir), new ExperimentData(null), jobs).run(specs,
                new ExperimentRunner.Progress() { });
    }

    private static String tableText(Path dir, List<RunResult> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Table t : ReportBuilder.write(dir, results, java.util.Map.of(), java.util.Map.of()).tables()) {
            sb.append(Tables.markdown(t)).append(Tables.csv(t));
        }
        return sb.toString();
    }

    @Test
    void rerunSkipsFinishedRunsAndOnlyRunsTheMissingOnes() throws IOException {
        List<RunSpec> grid = TinyGrid.table1().subList(0, 6);
        assertEquals(6, run(tmp, grid, 2).ran());
        ResultStore store = new ResultStore(tmp);
        Path one = store.fileOf(grid.get(3));
        String before = Files.readString(store.fileOf(grid.get(0)));
        Files.delete(one); // as if the sweep had been killed before this run ended
        ExperimentRunner.Summary again = run(tmp, grid, 2);
        assertEquals(1, again.ran());
        assertEquals(5, again.skipped());
        assertTrue(Files.exists(one));
        assertEquals(before, Files.readString(store.fileOf(grid.get(0))), "finished runs are not touched");
    }

    @Test
    void aPartiallyWrittenResultIsNeverTakenForAFinishedRun() throws IOException {
        List<RunSpec> grid = TinyGrid.table1().subList(0, 2);
        ResultStore store = new ResultStore(tmp);
        Files.createDirectories(store.runsDir());
        // What a kill during AtomicFiles.write leaves behind: a hidden temporary file, never the result's name.
        Path partial = store.runsDir().resolve("." + grid.get(0).fileName() + ".123.tmp");
        Files.writeString(partial, "{\"spec\": {\"experiment\": \"tab");
        assertFalse(store.isFinished(grid.get(0)));
        assertTrue(store.readAll().isEmpty());
        assertEquals(2, run(tmp, grid, 1).ran());
        assertEquals(2, store.readAll().size());
        // and a truncated file under a result's name (not written by drtp) is reported, naming the file
        Files.writeString(store.fileOf(grid.get(1)), "{\"spec\":");
        DataException e = assertThrows(DataException.class, store::readAll);
        assertTrue(e.getMessage().contains(grid.get(1).fileName()), e.getMessage());
    }

    @Test
    void resultsRoundTripThroughJsonWithNaNs() throws IOException {
        RunSpec s = TinyGrid.spec("fig3", "tiny", "FC_8_FC_8_FC_3", "dfa", 0f, 40, 0);
        run(tmp, List.of(s), 1);
        RunResult r = new ResultStore(tmp).readAll().get(0);
        assertEquals(s, r.spec());
        assertEquals(2, r.epochs().size());
        assertFalse(r.alignment().isEmpty());
        assertEquals(2, r.alignment().get(0).signalAngles().length);
        assertTrue(Double.isNaN(r.alignment().get(0).weightAngles()[1]), "DFA has no weight-shaped feedback: NaN survives");
    }

    @Test
    void resultsDoNotDependOnTheNumberOfParallelJobs() throws IOException {
        List<RunSpec> grid = TinyGrid.table1().subList(0, 8);
        run(tmp.resolve("one"), grid, 1);
        run(tmp.resolve("three"), grid, 3);
        List<RunResult> a = new ResultStore(tmp.resolve("one")).readAll();
        List<RunResult> b = new ResultStore(tmp.resolve("three")).readAll();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).spec(), b.get(i).spec());
            assertEquals(a.get(i).finalError(), b.get(i).finalError());
            assertEquals(a.get(i).epochs().get(1).testLoss(), b.get(i).epochs().get(1).testLoss());
        }
    }

    @Test
    void twoShardsAggregatedGiveTheSameTablesAsOneUnshardedRun() throws IOException {
        List<RunSpec> grid = TinyGrid.table1();
        Path whole = tmp.resolve("whole");
        run(whole, grid, 2);
        TinyGrid.manifest(grid, Shard.ALL).write(whole);
        for (int k = 1; k <= 2; k++) {
            Shard sh = new Shard(k, 2);
            Path d = tmp.resolve("shard" + k);
            run(d, sh.select(grid), 1);
            TinyGrid.manifest(grid, sh).write(d);
        }
        Aggregation agg = Aggregation.of(List.of(tmp.resolve("shard1"), tmp.resolve("shard2")));
        assertEquals(0, agg.missingByExperiment().get("table1 --quick"));
        String merged = tableText(tmp.resolve("merged"), agg.results());
        String unsharded = tableText(whole, new ResultStore(whole).readAll());
        assertEquals(unsharded, merged);
        assertTrue(merged.contains("| FC2-500"), merged);
    }

    @Test
    void aggregationCountsMissingRunsOfUnfinishedShards() throws IOException {
        List<RunSpec> grid = TinyGrid.table1();
        Shard first = new Shard(1, 4);
        run(tmp, first.select(grid), 2);
        TinyGrid.manifest(grid, first).write(tmp);
        Aggregation agg = Aggregation.of(List.of(tmp));
        assertEquals(grid.size() - first.select(grid).size(), agg.missingByExperiment().get("table1 --quick"));
        assertThrows(DataException.class, () -> Aggregation.of(List.of(tmp.resolve("nope"))));
    }

    @Test
    void progressIsToldAboutEveryEpochAndRun() throws IOException {
        List<RunSpec> grid = TinyGrid.table1().subList(0, 3);
        AtomicInteger epochs = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        new ExperimentRunner(new ResultStore(tmp), new ExperimentData(null), 2).run(grid, new ExperimentRunner.Progress() {
            @Override
            public void epochDone(RunSpec spec, int epoch) {
                epochs.incrementAndGet();
            }

            @Override
            public void runDone(RunResult result, int done, int toRun) {
                runs.incrementAndGet();
                assertEquals(3, toRun);
            }
        });
        assertEquals(6, epochs.get());
        assertEquals(3, runs.get());
    }

    @Test
    void twoRunnersOnOneDirectoryNeverComputeTheSameRun() throws Exception {
        // Two invocations on the same shard at once (as two processes would: claims exclude threads too).
        List<RunSpec> grid = TinyGrid.table1().subList(0, 8);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = two.submit(() -> run(tmp, grid, 2));
            var b = two.submit(() -> run(tmp, grid, 2));
            ExperimentRunner.Summary sa = a.get();
            ExperimentRunner.Summary sb = b.get();
            assertEquals(grid.size(), sa.ran() + sb.ran(), sa + " " + sb);
        } finally {
            two.shutdownNow();
        }
        assertEquals(grid.size(), new ResultStore(tmp).readAll().size());
        try (var files = Files.list(new ResultStore(tmp).runsDir())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".claim")), "claims are removed");
        }
    }

    @Test
    void aRunClaimedByALiveProcessIsLeftToItAndAStaleClaimIsTakenOver() throws IOException {
        List<RunSpec> grid = TinyGrid.table1().subList(0, 2);
        ResultStore store = new ResultStore(tmp);
        try (org.drtp.io.OwnerLock held = store.claim(grid.get(0))) {
            ExperimentRunner.Summary s = run(tmp, grid, 1);
            assertEquals(1, s.ran());
            assertEquals(1, s.elsewhere());
            assertFalse(store.isFinished(grid.get(0)), "the claimed run was not computed");
        }
        // What kill -9 leaves: the claim file with its owner's line but no owner holding its lock.
        Path stale = store.runsDir().resolve("." + grid.get(0).fileName() + ".claim");
        Files.writeString(stale, "pid 999999 on host elsewhere since 2026-01-01T00:00:00Z\n");
        ExperimentRunner.Summary s = run(tmp, grid, 1);
        assertEquals(1, s.ran());
        assertEquals(0, s.elsewhere());
        assertTrue(store.isFinished(grid.get(0)));
    }
}
