package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheExperimentsAndFlags() {
        Outcome o = run("reproduce", "--help");
        assertEquals(0, o.code());
        for (String s : new String[] {"fig2", "fig3", "table1", "table2", "table3", "--quick", "--shard", "--jobs", "--trials",
                "--epochs", "--out"}) {
            assertTrue(o.out().contains(s), s + " in\n" + o.out());
        }
        assertEquals(0, run("aggregate", "--help").code());
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheProblem() {
        Outcome unknown = run("reproduce", "fig9", "--out", tmp.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown experiment 'fig9'"), unknown.err());
        Outcome shard = run("reproduce", "fig3", "--shard", "3/2", "--out", tmp.toString());
        assertEquals(2, shard.code());
        assertTrue(shard.err().contains("--shard"), shard.err());
        Outcome trials = run("reproduce", "fig3", "--trials", "0", "--out", tmp.toString());
        assertEquals(2, trials.code());
        assertTrue(trials.err().contains("--trials"), trials.err());
    }

    @Test
    void aTinyFig2RunPrintsTheQuickBannerAndTheTableWritesTheReportAndAResumedRunSkipsEverything() throws Exception {
        Path out = tmp.resolve("fig2");
        Outcome o = run("reproduce", "fig2", "--quick", "--epochs", "1", "--trials", "1", "--jobs", "2", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("QUICK MINIATURE"), o.out());
        assertTrue(o.out().contains("| Rule    | Test loss (MSE)"), o.out());
        assertTrue(o.out().contains("[6/6] fig2"), o.out());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertTrue(Files.isRegularFile(out.resolve("tables/fig2.md")));
        assertTrue(Files.isRegularFile(out.resolve("plots/fig2-angles-h2.svg")));
        assertTrue(Files.isRegularFile(out.resolve("grid-fig2-quick.json")));
        try (var files = Files.list(out.resolve("runs"))) {
            assertEquals(6, files.count());
        }
        Outcome again = run("reproduce", "fig2", "--quick", "--epochs", "1", "--trials", "1", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("6 finished already"), again.out());
        assertTrue(again.out().contains("ran 0 run(s)"), again.out());
        Outcome agg = run("aggregate", out.toString(), "--out", tmp.resolve("agg").toString());
        assertEquals(0, agg.code(), agg.err());
        assertTrue(agg.out().contains("6 run(s) from 1 directory"), agg.out());
    }

    @Test
    void table2WithoutCifar10FailsWithADataErrorSayingWhatIsMissing() {
        Outcome o = run("reproduce", "table2", "--quick", "--out", tmp.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().toLowerCase().contains("cifar"), o.err());
    }

    @Test
    void aggregateOfADirectoryWithoutResultsIsADataError() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Outcome o = run("aggregate", tmp.resolve("empty").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("not a drtp result directory"), o.err());
    }
}
