package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code sweep} and {@code reproduce} refuse or repair before running: a different grid under a name the
 * directory already holds, an absurd --jobs, a damaged result file (set aside and rerun, counted by status).
 */
class GridRunChecksTest {

    @TempDir
    Path tmp;

    private Path grid(String file, String lr) throws Exception {
        return Files.writeString(tmp.resolve(file), "{\"name\": \"d\", \"topology\": \"FC_8_FC_10\", \"epochs\": 1,"
                + " \"train_limit\": 200, \"test_limit\": 100, \"lr\": " + lr + "}");
    }

    @Test
    void aDifferentGridUnderTheSameNameIsRefusedTheSameGridResumes() throws Exception {
        Path out = tmp.resolve("sw");
        Path d1 = grid("d1.json", "[0.2, 0.1]");
        assertEquals(0, CliRun.run("sweep", d1.toString(), "--out", out.toString(), "--jobs", "1").code());
        String manifest = Files.readString(out.resolve("grid-d.json"));

        CliRun.Result other = CliRun.run("sweep", grid("d2.json", "0.3").toString(), "--out", out.toString(), "--jobs", "1");
        assertEquals(Errors.USAGE, other.code(), other.err());
        assertEquals("drtp sweep: " + tmp.resolve("d2.json") + ": --out " + out + " already holds a different grid named 'd'"
                + " (2 run(s), recorded in " + out.resolve("grid-d.json") + "); give this grid another \"name\" or another"
                + " --out\n", other.err());
        assertEquals(manifest, Files.readString(out.resolve("grid-d.json")), "the first grid's manifest is kept");

        CliRun.Result again = CliRun.run("sweep", d1.toString(), "--out", out.toString(), "--jobs", "1");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("2 finished already"), again.out());
        assertEquals(0, CliRun.run("sweep", d1.toString(), "--out", out.toString(), "--shard", "2/2").code(),
                "another shard of the same grid");

        CliRun.Result extended = CliRun.run("sweep", grid("d3.json", "[0.2, 0.1, 0.05]").toString(), "--out",
                out.toString(), "--jobs", "1");
        assertEquals(0, extended.code(), "a grid that keeps every earlier run extends it: " + extended.err());
        assertTrue(extended.out().contains("2 finished already"), extended.out());
    }

    @Test
    void reproduceWithOtherSettingsIntoTheSameOutIsRefused() throws Exception {
        Path out = tmp.resolve("fig2");
        assertEquals(0, CliRun.run("reproduce", "fig2", "--quick", "--epochs", "1", "--trials", "1", "--shard", "1/6", "--out",
                out.toString()).code());
        CliRun.Result other = CliRun.run("reproduce", "fig2", "--quick", "--epochs", "2", "--trials", "1", "--out",
                out.toString());
        assertEquals(Errors.USAGE, other.code(), other.err());
        assertTrue(other.err().startsWith("drtp reproduce: --out " + out + " already holds fig2 --quick with other settings"
                + " (6 run(s), recorded in " + out.resolve("grid-fig2-quick-shard-1-of-6.json")), other.err());
    }

    @Test
    void jobsAboveTheLimitAreRefusedAndNoMoreJobsThanRunsAreAnnounced() throws Exception {
        Path d1 = grid("d1.json", "0.2");
        CliRun.Result many = CliRun.run("sweep", d1.toString(), "--out", tmp.resolve("o").toString(), "--jobs", "100000");
        assertEquals(Errors.USAGE, many.code());
        assertEquals("drtp sweep: --jobs: expected an integer from 1 to 1024, got 100000\n", many.err());
        assertTrue(Files.notExists(tmp.resolve("o")));
        CliRun.Result some = CliRun.run("sweep", d1.toString(), "--out", tmp.resolve("o").toString(), "--jobs", "1000");
        assertEquals(0, some.code(), some.err());
        assertTrue(some.out().contains("1 to run on 1 parallel job(s)"), some.out());
    }

    @Test
    void aDamagedResultIsCountedByStatusThenSetAsideAndRerun() throws Exception {
        Path out = tmp.resolve("sw");
        Path d1 = grid("d1.json", "[0.2, 0.1]");
        assertEquals(0, CliRun.run("sweep", d1.toString(), "--out", out.toString(), "--jobs", "1").code());
        Path run;
        try (var files = Files.list(out.resolve("runs"))) {
            run = files.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        String good = Files.readString(run);
        Files.writeString(run, good.substring(0, 40));

        CliRun.Result status = CliRun.run("status", out.toString());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.outLines().get(0).startsWith("d: 1/2 finished, 0 running or missing, 0 failed, 1 damaged; "),
                status.out());
        assertTrue(status.out().contains("  damaged: " + run + ": damaged run result: not valid JSON, truncated (ends at"
                + " line "), status.out());

        CliRun.Result rerun = CliRun.run("sweep", d1.toString(), "--out", out.toString(), "--jobs", "1");
        assertEquals(0, rerun.code(), rerun.err());
        assertTrue(rerun.err().contains("warning: " + run + ": damaged run result: not valid JSON, truncated (ends at line ")
                && rerun.err().contains("; moved to " + run.getFileName() + ".damaged, its run is computed again"), rerun.err());
        assertTrue(rerun.out().contains("1 finished already in " + out + ", 1 to run"), rerun.out());
        assertEquals(good.substring(0, 40), Files.readString(run.resolveSibling(run.getFileName() + ".damaged")));
        assertTrue(Files.readString(run).length() > 40, "computed again");
        assertTrue(CliRun.run("status", out.toString()).out().startsWith("d: 2/2 finished, 0 running or missing, 0 failed; done"));
    }

    @Test
    void statusOfAFileSaysItIsAFile() throws Exception {
        Path f = grid("d1.json", "0.2");
        CliRun.Result o = CliRun.run("status", f.toString());
        assertEquals(Errors.DATA, o.code());
        assertEquals("drtp status: " + f + ": is a file, expected a result directory (with grid-*.json and runs/)\n", o.err());
    }
}
