package org.drtp.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtp.settings.InvalidSettingException;

/** The paper's experiments by id, and the display names shared by their tables. */
public final class Experiments {

    public static final List<String> IDS = List.of("fig2", "fig3", "table1", "table2", "table3");

    private Experiments() {
    }

    public static Experiment byId(String id) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fig2" -> new SyntheticFigure(true);
            case "fig3" -> new SyntheticFigure(false);
            case "table1" -> new ErrorTable(false);
            case "table2" -> new ErrorTable(true);
            case "table3" -> new LearningRateSearch();
            default -> throw new InvalidSettingException("unknown experiment '" + id + "': expected one of "
                    + String.join(", ", IDS));
        };
    }

    /** The experiment that turns results of {@code id} into tables and plots: a paper experiment or a user's grid. */
    public static Experiment forResults(String id) {
        return IDS.contains(id) ? byId(id) : CustomGrid.forResults(id);
    }

    private static final Map<String, String> RULE_NAMES = Map.of("bp", "BP", "fa", "FA", "dfa", "DFA", "sdfa", "sDFA",
            "drtp", "DRTP", "shallow", "Shallow");

    /** The paper's name of a rule: BP, FA, DFA, sDFA, DRTP, Shallow. */
    public static String ruleName(String id) {
        return RULE_NAMES.getOrDefault(id, id);
    }
}
