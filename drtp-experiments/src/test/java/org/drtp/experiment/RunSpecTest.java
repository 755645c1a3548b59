package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunSpecTest {

    @Test
    void fileNamesAreStableReadableAndDistinct() {
        RunSpec s = TinyGrid.spec("table1", "FC2-500", "FC_8_FC_8_FC_3", "drtp", 0.1f, 0, 3);
        assertTrue(s.fileName().matches("table1-quick-FC2-500-do0\\.1-drtp-lr0\\.01-t03-[0-9a-f]{10}\\.json"), s.fileName());
        assertEquals(s.fileName(), TinyGrid.spec("table1", "FC2-500", "FC_8_FC_8_FC_3", "drtp", 0.1f, 0, 3).fileName());
        assertNotEquals(s.fileName(), s.withTrial(2).fileName());
        Set<String> names = new HashSet<>();
        List<RunSpec> grid = TinyGrid.table1();
        grid.forEach(g -> names.add(g.fileName()));
        assertEquals(grid.size(), names.size());
    }

    @Test
    void everyPaperGridHasDistinctRunsAndTheRightSize() {
        ExperimentData data = new ExperimentData(null);
        for (String id : List.of("fig2", "fig3")) {
            List<RunSpec> g = Experiments.byId(id).grid(ExperimentOptions.paper(), data, new java.util.ArrayList<>());
            assertEquals(6 * 10, g.size(), id);
            assertEquals(g.size(), g.stream().map(RunSpec::fileName).distinct().count());
            assertTrue(g.stream().allMatch(r -> r.run().epochs() == 500 && r.run().batchSize() == 50 && r.run().lr() == 5e-4), id);
        }
        List<String> notes = new java.util.ArrayList<>();
        List<RunSpec> t1 = Experiments.byId("table1").grid(ExperimentOptions.quickRun(), data, notes);
        // 4 FC nets and 2 CONV rows x 3 dropout rates x 6 rules x 2 trials
        assertEquals(6 * 3 * 6 * 2, t1.size(), "table1 quick grid");
        assertTrue(t1.stream().allMatch(r -> r.toRunConfig() != null));
    }

    @Test
    void fig2ZeroInitialisesOnlyTheFeedbackAlignmentRules() {
        for (RunSpec s : Experiments.byId("fig2").grid(ExperimentOptions.quickRun(), new ExperimentData(null),
                new java.util.ArrayList<>())) {
            boolean fam = List.of("fa", "dfa", "sdfa", "drtp").contains(s.run().trainMode());
            assertEquals(fam, s.run().network().fcZeroInit(), s.run().trainMode());
            assertEquals("mse", s.run().loss().id());
            assertEquals("tanh", s.run().network().outputActivation().id());
        }
    }

    @Test
    void fig3ZeroInitialisesOnlyTheFeedbackAlignmentRulesToo() {
        for (RunSpec s : Experiments.byId("fig3").grid(ExperimentOptions.quickRun(), new ExperimentData(null),
                new java.util.ArrayList<>())) {
            boolean fam = List.of("fa", "dfa", "sdfa", "drtp").contains(s.run().trainMode());
            assertEquals(fam, s.run().network().fcZeroInit(), s.run().trainMode());
            assertEquals("bce", s.run().loss().id());
            assertEquals("sigmoid", s.run().network().outputActivation().id());
        }
    }
}
