package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.data.Cifar10Format;
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
        Path out = tmp.resolve("t2");
        Outcome o = run("reproduce", "table2", "--quick", "--out", out.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().toLowerCase().contains("cifar"), o.err());
        assertTrue(Files.notExists(out), "nothing ran, so no output directory is left behind");
    }

    @Test
    void table2RunsItsWholeGridOnCifarFormatFilesInThePapersLayout() throws Exception {
        // Three records per file: enough to exercise the reader, the CIFAR network, flips, dropout and every rule.
        Path data = Files.createDirectories(tmp.resolve("cifar"));
        int i = 0;
        for (String f : Cifar10Format.files()) {
            byte[] pixels = new byte[3 * Cifar10Format.IMAGE_BYTES];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) (p * 31 + i * 7);
            }
            Files.write(data.resolve(f), Cifar10Format.encode(new int[] {i % 10, (i + 3) % 10, (i + 6) % 10}, pixels));
            i++;
        }
        Path out = tmp.resolve("table2");
        Outcome o = run("reproduce", "table2", "--quick", "--epochs", "1", "--data-dir", data.toString(), "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String table = Files.readString(out.resolve("tables/table2.md"));
        for (String row : new String[] {"| CONV (random)     | 0.0 ", "| CONV (random) DA  | 0.25", "| CONV (trained)    | 0.1 ",
                "| CONV (trained) DA | 0.0 "}) {
            assertTrue(table.contains(row), row + " in\n" + table);
        }
        assertTrue(table.contains("| BP ") && table.contains("| DRTP ") && table.contains("| Shallow"), table);
        // Early stopping monitors a validation split held out of the training set, and the caption says so.
        assertTrue(table.contains("early stopping (patience 20) on a validation split (10% of the training set, held out)"),
                table);
        assertTrue(Files.readString(out.resolve("tables/table2-sdfa.md")).contains("| sDFA"));
        try (var files = Files.list(out.resolve("runs"))) {
            String run = Files.readString(files.findFirst().orElseThrow()).replaceAll("\\s", "");
            assertTrue(run.contains("\"earlyStopOn\":\"validation\""), run);
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        try (var files = Files.list(out.resolve("runs"))) {
            // 2 networks x (plain, DA) x 3 dropout rates x 6 rules, 1 trial
            assertEquals(72, files.count());
        }
    }

    @Test
    void sweepRunsAUsersGridAndItsShardsAggregateToTheSameTable() throws Exception {
        Path grid = Files.writeString(tmp.resolve("grid.json"), "{\"name\": \"mine\", \"topology\": \"FC_16_FC_10\","
                + " \"train_mode\": [\"bp\", \"drtp\"], \"lr\": [1e-3, 5e-3], \"epochs\": 1, \"trials\": 2,"
                + " \"train_limit\": 300, \"test_limit\": 200}");
        Path all = tmp.resolve("all");
        Outcome o = run("sweep", grid.toString(), "--out", all.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("8 run(s) in the grid"), o.out());
        assertTrue(o.out().contains("| Rule | lr    | Test error (%)"), o.out());
        assertTrue(Files.isRegularFile(all.resolve("report.html")));
        assertTrue(Files.isRegularFile(all.resolve("plots/mine-test-error.svg")));
        Outcome again = run("sweep", grid.toString(), "--out", all.toString());
        assertTrue(again.out().contains("8 finished already"), again.out());

        assertEquals(0, run("sweep", grid.toString(), "--shard", "1/2", "--out", tmp.resolve("s1").toString()).code());
        assertEquals(0, run("sweep", grid.toString(), "--shard", "2/2", "--out", tmp.resolve("s2").toString()).code());
        Outcome agg = run("aggregate", tmp.resolve("s1").toString(), tmp.resolve("s2").toString(), "--out",
                tmp.resolve("agg").toString());
        assertEquals(0, agg.code(), agg.err());
        assertEquals(Files.readString(all.resolve("tables/mine.md")), Files.readString(tmp.resolve("agg/tables/mine.md")));
    }

    @Test
    void aBadGridFileIsADataErrorNamingTheField() throws Exception {
        Path grid = Files.writeString(tmp.resolve("bad.json"), "{\"name\": \"mine\", \"train_mode\": [\"drtp\", \"magic\"]}");
        Outcome o = run("sweep", grid.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("bad.json: field 'train_mode': unknown train mode 'magic'"), o.err());
        assertTrue(Files.notExists(tmp.resolve("o")));
    }

    @Test
    void aggregateOfADirectoryWithoutResultsIsADataError() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Outcome o = run("aggregate", tmp.resolve("empty").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("not a drtp result directory"), o.err());
    }
}
