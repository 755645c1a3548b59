package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.drtp.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomGridTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("grid.json"), json);
    }

    private DataException refused(String json) throws IOException {
        Path f = file(json);
        DataException e = assertThrows(DataException.class, () -> CustomGrid.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), "the message names the file: " + e.getMessage());
        return e;
    }

    @Test
    void theGridIsEveryCombinationTimesTheTrialsTrialMajor() throws IOException {
        CustomGrid g = CustomGrid.read(file("{\"name\": \"g\", \"topology\": [\"FC_8_FC_10\", \"FC_8_FC_8_FC_10\"],"
                + " \"train_mode\": [\"BP\", \"drtp\", \"dfa\"], \"lr\": [1e-3, 1e-2], \"dropout\": 0.1, \"epochs\": 2,"
                + " \"trials\": 2, \"train_limit\": 100, \"test_limit\": 50, \"seed\": 7}"));
        assertEquals(2 * 3 * 2 * 2, g.size());
        List<RunSpec> specs = g.grid(ExperimentOptions.paper(), new ExperimentData(null), new ArrayList<>());
        assertEquals(24, specs.size());
        assertEquals(specs.size(), specs.stream().map(RunSpec::fileName).distinct().count());
        assertTrue(specs.subList(0, 12).stream().allMatch(s -> s.trial() == 0), "every first trial comes first");
        RunSpec s = specs.get(0);
        assertEquals("g", s.experiment());
        assertEquals("bp", s.run().trainMode(), "rule ids are case-insensitive, as on the command line");
        assertEquals(0.1f, s.run().network().dropout());
        assertEquals(7, s.run().seed());
        assertEquals(100, s.data().trainLimit());
        assertEquals("adam", s.run().optimizer(), "unset settings take drtp train's defaults");
        assertEquals(60, s.run().batchSize());
    }

    @Test
    void theExampleInTheDocsIsAValidGrid() {
        CustomGrid g = CustomGrid.read(Path.of("..", "docs", "examples", "rules-by-depth.json"));
        assertEquals(3 * 5 * 2 * 3, g.size());
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndTheField() throws IOException {
        assertTrue(refused("[1, 2]").getMessage().contains("JSON object"));
        assertTrue(refused("{\"name\": \"g\",").getMessage().contains("not valid JSON"));
        assertTrue(refused("{\"train_mode\": \"drtp\"}").getMessage().contains("'name'"));
        assertTrue(refused("{\"name\": \"My Grid\"}").getMessage().contains("'name'"));
        assertTrue(refused("{\"name\": \"table1\"}").getMessage().contains("paper's experiments"));
        assertTrue(refused("{\"name\": \"g\", \"learning_rate\": 1e-3}").getMessage().contains("unknown field 'learning_rate'"));
        assertTrue(refused("{\"name\": \"g\", \"train_mode\": [\"drtp\", \"backprop\"]}").getMessage()
                .contains("field 'train_mode': unknown train mode 'backprop'"));
        assertTrue(refused("{\"name\": \"g\", \"lr\": []}").getMessage().contains("empty list"));
        assertTrue(refused("{\"name\": \"g\", \"patience\": 2, \"early_stop_patience\": 3}").getMessage()
                .contains("fields 'patience' and 'early_stop_patience' are the same setting"));
        assertTrue(refused("{\"name\": \"g\", \"conv_act\": \"none\"}").getMessage()
                .contains("field 'conv_act': unknown activation 'none', expected one of tanh, sigmoid, relu"));
        assertTrue(refused("{\"name\": \"g\", \"epochs\": 2.5}").getMessage()
                .contains("field 'epochs': expected an integer, got 2.5"));
        assertTrue(refused("{\"name\": \"g\", \"lr\": [1e-3, 1e-3]}").getMessage().contains("twice"));
        assertTrue(refused("{\"name\": \"g\", \"lr\": -1}").getMessage().contains("field 'lr'"));
        assertTrue(refused("{\"name\": \"g\", \"lr\": \"fast\"}").getMessage().contains("field 'lr'"));
        assertTrue(refused("{\"name\": \"g\", \"dropout\": 1}").getMessage().contains("field 'dropout'"));
        assertTrue(refused("{\"name\": \"g\", \"epochs\": 0}").getMessage().contains("field 'epochs'"));
        assertTrue(refused("{\"name\": \"g\", \"epochs\": 2.5}").getMessage().contains("field 'epochs'"));
        assertTrue(refused("{\"name\": \"g\", \"trials\": 0}").getMessage().contains("field 'trials'"));
        assertTrue(refused("{\"name\": \"g\", \"fc_zero_init\": \"yes\"}").getMessage().contains("field 'fc_zero_init'"));
        assertTrue(refused("{\"name\": \"g\", \"topology\": \"FC_10_XX_3\"}").getMessage().contains("field 'topology'"));
        assertTrue(refused("{\"name\": \"g\", \"dataset\": \"imagenet\"}").getMessage().contains("unknown dataset"));
        assertTrue(refused("{\"name\": \"g\", \"augment\": \"rotate\"}").getMessage().contains("none or flip"));
        assertTrue(refused("{\"name\": \"g\", \"optimizer\": \"lbfgs\"}").getMessage().contains("field 'optimizer'"));
    }

    @Test
    void combinationsThatCannotRunAreRefusedBeforeAnythingRuns() throws IOException {
        Path f = file("{\"name\": \"g\", \"topology\": [\"FC_8_FC_10\", \"FC_8_FC_7\"], \"epochs\": 1}");
        CustomGrid g = CustomGrid.read(f);
        DataException e = assertThrows(DataException.class,
                () -> g.grid(ExperimentOptions.paper(), new ExperimentData(null), new ArrayList<>()));
        assertTrue(e.getMessage().contains("FC_8_FC_7") && e.getMessage().contains("10 classes"), e.getMessage());

        Path f2 = file("{\"name\": \"g\", \"output_act\": [\"sigmoid\", \"tanh\"], \"loss\": \"bce\", \"epochs\": 1}");
        CustomGrid g2 = CustomGrid.read(f2);
        DataException e2 = assertThrows(DataException.class,
                () -> g2.grid(ExperimentOptions.paper(), new ExperimentData(null), new ArrayList<>()));
        assertTrue(e2.getMessage().contains("tanh") && e2.getMessage().contains("cannot run"), e2.getMessage());
    }

    @Test
    void theTableHasAColumnForEachVaryingSettingOnly() throws IOException {
        CustomGrid g = CustomGrid.read(file("{\"name\": \"g\", \"dataset\": \"" + TinyGrid.DATASET + "\","
                + " \"topology\": \"FC_8_FC_3\", \"train_mode\": [\"bp\", \"drtp\"], \"lr\": [1e-2, 5e-2], \"epochs\": 2,"
                + " \"batch_size\": 10, \"trials\": 2}"));
        List<RunSpec> specs = g.grid(ExperimentOptions.paper(), new ExperimentData(null), new ArrayList<>());
        ExperimentData data = new ExperimentData(null);
        List<RunResult> results = specs.stream().map(s -> RunExecutor.execute(s, data.forRun(s), e -> { })).toList();
        Table t = Experiments.forResults("g").tables(results).get(0);
        assertEquals(List.of("Rule", "lr", "Test error (%)", "Trials"), t.header());
        assertEquals(4, t.rows().size());
        assertEquals(List.of("BP", "0.01"), t.rows().get(0).subList(0, 2));
        assertTrue(t.rows().stream().allMatch(r -> r.get(3).equals("2")));
        assertTrue(Experiments.forResults("g").charts(results).size() >= 2);
    }

    @Test
    void aRegressionGridReportsTheTestLoss() throws IOException {
        CustomGrid g = CustomGrid.read(file("{\"name\": \"r\", \"dataset\": \"synthetic-regression\", \"topology\":"
                + " \"FC_8_FC_10\", \"loss\": \"mse\", \"output_act\": \"tanh\", \"train_mode\": [\"bp\", \"drtp\"],"
                + " \"epochs\": 1, \"train_limit\": 200, \"test_limit\": 100, \"batch_size\": 50}"));
        ExperimentData data = new ExperimentData(null);
        List<RunResult> results = g.grid(ExperimentOptions.paper(), data, new ArrayList<>()).stream()
                .map(s -> RunExecutor.execute(s, data.forRun(s), e -> { })).toList();
        Table t = Experiments.forResults("r").tables(results).get(0);
        assertEquals(List.of("Rule", "Test loss", "Trials"), t.header());
        assertTrue(t.rows().get(0).get(1).matches("\\d+\\.\\d{4} ± 0\\.0000"), t.rows().get(0).toString());
        assertTrue(Experiments.forResults("r").charts(results).stream().noneMatch(c -> c.id().endsWith("test-error")));
    }

    static {
        TinyGrid.table1(); // registers TinyGrid's dataset (DATASET alone is an inlined constant)
    }

    @Test
    void aFieldGivenTwiceIsRefusedNotOverwrittenByTheLastOne() throws IOException {
        DataException e = refused("{\"name\": \"g\", \"lr\": 0.1, \"epochs\": 1, \"lr\": 0.2}");
        assertTrue(e.getMessage().endsWith(": field 'lr' given twice at line 1, column 43; give it once"), e.getMessage());
    }

    @Test
    void aGridOfBillionsOfRunsIsRefusedBeforeItIsExpanded() throws IOException {
        StringBuilder list = new StringBuilder("[1");
        for (int i = 2; i <= 50; i++) {
            list.append(", ").append(i);
        }
        String l = list.append(']').toString();
        DataException e = refused("{\"name\": \"g\", \"batch_size\": " + l + ", \"epochs\": " + l + ", \"train_limit\": " + l
                + ", \"test_limit\": " + l + ", \"align_every\": " + l + ", \"validation\": " + l + ", \"trials\": 2}");
        assertTrue(e.getMessage().endsWith(": the grid has 31,250,000,000 runs (50 batch_size x 50 epochs x 50 align_every x"
                + " 50 train_limit x 50 test_limit x 50 validation x 2 trial(s)), more than the 100,000 a grid may have; split"
                + " it into smaller grids"), e.getMessage());
        assertTrue(refused("{\"name\": \"g\", \"trials\": 3000000000}").getMessage().contains(" 3,000,000,000 runs "));
        assertEquals(CustomGrid.MAX_RUNS, CustomGrid.read(file("{\"name\": \"g\", \"topology\": \"FC_8_FC_10\","
                + " \"trials\": " + CustomGrid.MAX_RUNS + "}")).size(), "the limit itself is allowed");
    }
}
