package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.drtp.report.Tables;
import org.drtp.train.Settings;
import org.junit.jupiter.api.Test;

class TableLayoutTest {

    /** A result with a given final error, without training. */
    static RunResult result(RunSpec s, double error) {
        List<RunResult.Epoch> epochs = List.of(new RunResult.Epoch(1, 0.1, 0.1, error, 1.0));
        return new RunResult(s, error, 0.1, epochs, List.of(), false, 1.0, "now");
    }

    @Test
    void table1HasNetworksAndDropoutRatesAsRowsAndRulesAsColumnsInThePapersOrder() {
        List<RunResult> results = new ArrayList<>();
        for (RunSpec s : TinyGrid.table1()) {
            results.add(result(s, 10 + s.trial()));
        }
        Collections.reverse(results); // the order results are read in must not matter
        List<Table> tables = Experiments.byId("table1").tables(results);
        Table main = tables.get(0);
        assertEquals(List.of("Network", "DO", "BP", "FA", "DFA", "DRTP", "Shallow"), main.header());
        assertEquals(4, main.rows().size());
        assertEquals(List.of("FC1-500", "0.0", "10.50 ± 0.71", "–", "–", "10.50 ± 0.71", "10.50 ± 0.71"), main.rows().get(0));
        assertEquals(List.of("FC1-500", "0.25"), main.rows().get(1).subList(0, 2));
        assertEquals("FC2-500", main.rows().get(2).get(0));
        Table sdfa = tables.get(1);
        assertEquals(List.of("Network", "DO", "sDFA"), sdfa.header());
        assertEquals("10.50 ± 0.71", sdfa.rows().get(3).get(2));
        String md = Tables.markdown(main);
        assertTrue(md.startsWith("### Table 1: MNIST test error (%)"), md);
        assertTrue(md.contains("| FC2-500 | 0.25 | 10.50 ± 0.71 | –   | –   | 10.50 ± 0.71 | 10.50 ± 0.71 |"), md);
        assertEquals("Network,DO,BP,FA,DFA,DRTP,Shallow", Tables.csv(main).lines().findFirst().orElseThrow());
    }

    @Test
    void csvQuotesCellsThatNeedIt() {
        Table t = new Table("x", "x", List.of("a", "b"), List.of(List.of("1,2", "say \"hi\"")), List.of());
        assertEquals("a,b\n\"1,2\",\"say \"\"hi\"\"\"\n", Tables.csv(t));
    }

    @Test
    void learningRateTablePicksTheLowestValidationError() {
        List<RunResult> results = new ArrayList<>();
        double[] errors = {12, 7, 9};
        double[] rates = {1e-4, 1e-3, 1e-2};
        for (int i = 0; i < 3; i++) {
            RunSpec s = TinyGrid.spec("table3", "FC1-500", "FC_8_FC_3", "drtp", 0f, 0, 0);
            s = new RunSpec(s.experiment(), s.quick(), s.network(), new RunSpec.DataSlice(s.data().dataset(), 0, 0, 25),
                    s.run().with(Settings.LR, rates[i]), 0, 0);
            results.add(result(s, errors[i]));
        }
        Table t = Experiments.byId("table3").tables(results).get(0);
        assertEquals("1e-3 (7.00)", t.rows().get(0).get(t.header().indexOf("DRTP")));
        assertEquals("–", t.rows().get(0).get(t.header().indexOf("BP")));
    }
}
