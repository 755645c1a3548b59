package org.drtp.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.experiment.Experiment;
import org.drtp.experiment.Experiments;
import org.drtp.experiment.RunResult;
import org.drtp.experiment.Table;

/**
 * Turns results (of one directory or an aggregation) into the report of an output directory: one section per
 * experiment found in the results, in the paper's order, with a banner when any run comes from a
 * {@code --quick} miniature or runs are missing.
 */
public final class ReportBuilder {

    /** What was rendered: the sections (their tables are what the command line prints) and the files. */
    public record Output(List<Report.Section> sections, List<String> banner, List<Path> files) {
        public List<Table> tables() {
            return sections.stream().flatMap(s -> s.tables().stream()).toList();
        }
    }

    /** The banner line of quick miniatures, also printed by the command line. */
    public static final String QUICK_BANNER = "QUICK MINIATURE (--quick): fewer examples, epochs and trials than the paper's"
            + " protocol, to check the pipeline in minutes. These numbers are NOT the paper's experiment; run without"
            + " --quick to reproduce it.";

    private ReportBuilder() {
    }

    /**
     * @param notes    notes of the grids by experiment id (dataset fallbacks, rows left out)
     * @param missing  runs of the planned grids without a result, per experiment (may be empty)
     */
    public static Output write(Path dir, List<RunResult> results, Map<String, List<String>> notes, Map<String, Integer> missing)
            throws IOException {
        Map<String, List<RunResult>> byExperiment = new LinkedHashMap<>();
        // The paper's experiments in the paper's order, then users' grids by name.
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(Experiments.IDS);
        results.stream().map(r -> r.spec().experiment()).sorted().forEach(ids::add);
        for (String id : ids) {
            List<RunResult> rs = results.stream().filter(r -> r.spec().experiment().equals(id)).toList();
            if (!rs.isEmpty()) {
                byExperiment.put(id, rs);
            }
        }
        List<String> banner = new ArrayList<>();
        if (results.stream().anyMatch(r -> r.spec().quick())) {
            banner.add(QUICK_BANNER);
        }
        missing.forEach((exp, n) -> {
            if (n > 0) {
                banner.add(exp + ": " + n + " run(s) of the grid have no result yet: tables and plots show the finished"
                        + " runs only.");
            }
        });
        List<Report.Section> sections = new ArrayList<>();
        byExperiment.forEach((id, rs) -> {
            Experiment e = Experiments.forResults(id);
            List<String> sectionNotes = new ArrayList<>(notes.getOrDefault(id, List.of()));
            sectionNotes.add(rs.size() + " run(s).");
            sections.add(new Report.Section(e.title(), sectionNotes, e.tables(rs), e.charts(rs)));
        });
        boolean paperOnly = Experiments.IDS.containsAll(byExperiment.keySet());
        List<Path> files = Report.write(dir, paperOnly ? "drtp: reproducing Frenkel, Lefebvre and Bol (2021)"
                : "drtp: learning rules compared", banner, sections);
        return new Output(sections, banner, files);
    }
}
