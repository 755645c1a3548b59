package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drtp.data.TrainTest;
import org.drtp.tensor.Activation;
import org.drtp.train.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result files and grid files written before the settings table still mean what they meant (docs/settings.md,
 * "Result files"), and a setting the table added to grid files (conv_act) works end to end.
 */
class LegacyResultsTest {

    @TempDir
    Path tmp;

    private static Path legacy() throws URISyntaxException {
        return Path.of(LegacyResultsTest.class.getResource("legacy/tiny.json").toURI()).getParent();
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void oldResultFilesAreReadAndTheirGridPlansTheSameFileNames() throws Exception {
        Path runs = legacy().resolve("runs");
        Set<String> old = names(runs);
        assertEquals(16, old.size());
        for (String n : old) {
            RunResult r = ResultStore.read(runs.resolve(n)); // refuses a file whose spec hashes to another name
            assertEquals(n, r.spec().fileName());
            assertEquals(Activation.TANH, r.spec().run().network().convActivation());
        }
        List<RunSpec> grid = CustomGrid.read(legacy().resolve("tiny.json")).grid(ExperimentOptions.paper(),
                new ExperimentData(null), new ArrayList<>());
        assertEquals(old, grid.stream().map(RunSpec::fileName).collect(Collectors.toCollection(TreeSet::new)),
                "a sweep resumed after the change finds every run it had finished");
    }

    @Test
    void aSpecRoundTripsThroughItsJson() throws Exception {
        RunSpec s = TinyGrid.spec("table1", "FC2-500", "FC_8_FC_8_FC_3", "sdfa", 0.25f, 100, 1);
        RunSpec back = ResultStore.JSON.readValue(ResultStore.JSON.writeValueAsString(s), RunSpec.class);
        assertEquals(s, back);
        assertEquals(s.fileName(), back.fileName());
    }

    @Test
    void aGridFileSetsTheConvActivationOfItsRuns() throws IOException {
        Path file = tmp.resolve("conv.json");
        Files.writeString(file, "{\"name\": \"conv\", \"dataset\": \"mnist-10k\", \"topology\": \"CONV_2_5_1_2_FC_10\","
                + " \"conv_act\": [\"relu\", \"tanh\"], \"epochs\": 1, \"train_limit\": 120, \"test_limit\": 60}");
        ExperimentData data = new ExperimentData(null);
        List<RunSpec> grid = CustomGrid.read(file).grid(ExperimentOptions.paper(), data, new ArrayList<>());
        assertEquals(2, grid.size());
        RunSpec relu = grid.get(0);
        RunSpec tanh = grid.get(1);
        assertEquals(Activation.RELU, relu.run().network().convActivation());
        assertTrue(relu.canonical().endsWith("|conv_act=relu"), relu.canonical());
        assertFalse(tanh.canonical().contains("conv_act"), "the default is left out: older runs keep their names");
        RunConfig config = relu.toRunConfig();
        assertTrue(config.fingerprint("mnist-10k").contains(" conv_act=relu "));
        TrainTest d = data.forRun(relu);
        assertEquals(Activation.RELU, config.buildNetwork(d, 0).layer(0).activation(), "the network uses it");
        assertEquals(Activation.TANH, tanh.toRunConfig().buildNetwork(d, 0).layer(0).activation());

        ResultStore store = new ResultStore(tmp.resolve("out"));
        store.write(RunExecutor.execute(relu, d, e -> { }));
        RunResult r = ResultStore.read(store.fileOf(relu));
        assertEquals(relu, r.spec());
        JsonNode json = ResultStore.JSON.readTree(store.fileOf(relu).toFile());
        assertEquals("relu", json.get("spec").get("conv_act").asText(), "the result file says relu");
        Table t = CustomGrid.forResults("conv").tables(List.of(r, RunExecutor.execute(tanh, d, e -> { }))).get(0);
        assertTrue(t.header().contains("Conv act."), t.header().toString());
    }
}
