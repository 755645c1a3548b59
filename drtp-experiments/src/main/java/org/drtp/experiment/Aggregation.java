package org.drtp.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drtp.data.DataException;

/**
 * The union of several result directories (shards of one grid, reruns, machines): every run once, keyed by
 * its file name. A run found in several directories must have the same numbers in each (runs are deterministic,
 * only their timings differ): copies that differ are refused, naming both files, since taking either would make
 * the tables depend on the order of the directories. Grid manifests tell which runs are still missing, and when there are any, only the
 * runs of their grids are taken.
 */
public record Aggregation(List<RunResult> results, List<GridManifest> manifests, Map<String, Integer> missingByExperiment,
                          Map<String, List<String>> notes) {

    public static Aggregation of(List<Path> dirs) {
        Map<String, RunResult> runs = new LinkedHashMap<>();
        Map<String, Path> from = new LinkedHashMap<>();
        List<GridManifest> manifests = new ArrayList<>();
        for (Path d : dirs) {
            SweepStatus.checkDirectory(d);
            ResultStore store = new ResultStore(d);
            if (!Files.isDirectory(store.runsDir()) && GridManifest.readAll(d).isEmpty()) {
                throw new DataException(d + ": not a drtp result directory (it has neither runs/ nor grid-*.json)");
            }
            for (RunResult r : store.readAll()) {
                RunResult first = runs.putIfAbsent(r.spec().fileName(), r);
                if (first != null && !sameNumbers(first, r)) {
                    throw new DataException(from.get(r.spec().fileName()) + " and " + store.fileOf(r.spec()) + " hold the same"
                            + " run with different results (final error " + first.finalError() + " and " + r.finalError()
                            + "): keep the right one and delete or move the other, or aggregate one of the directories only");
                }
                from.putIfAbsent(r.spec().fileName(), store.fileOf(r.spec()));
            }
            manifests.addAll(GridManifest.readAll(d));
        }
        Map<String, Integer> missing = new LinkedHashMap<>();
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        Map<String, Set<String>> notes = new LinkedHashMap<>();
        for (GridManifest m : manifests) {
            expected.computeIfAbsent(m.experiment() + (m.quick() ? " --quick" : ""), k -> new LinkedHashSet<>())
                    .addAll(m.runFiles());
            notes.computeIfAbsent(m.experiment(), k -> new LinkedHashSet<>()).addAll(m.notes());
        }
        expected.forEach((exp, files) -> {
            int n = 0;
            for (String f : files) {
                if (!runs.containsKey(f)) {
                    n++;
                }
            }
            missing.put(exp, n);
        });
        // With grid manifests, only their runs count (a directory may keep runs of earlier settings).
        List<RunResult> selected = new ArrayList<>(runs.values());
        if (!manifests.isEmpty()) {
            Set<String> planned = new LinkedHashSet<>();
            expected.values().forEach(planned::addAll);
            selected.removeIf(r -> !planned.contains(r.spec().fileName()));
        }
        Map<String, List<String>> noteLists = new LinkedHashMap<>();
        notes.forEach((k, v) -> noteLists.put(k, List.copyOf(v)));
        return new Aggregation(selected, manifests, missing, noteLists);
    }

    /** The same numbers in every figure of the two results (timings apart: they differ between machines). */
    static boolean sameNumbers(RunResult a, RunResult b) {
        if (Double.compare(a.finalError(), b.finalError()) != 0 || Double.compare(a.finalLoss(), b.finalLoss()) != 0
                || a.stoppedEarly() != b.stoppedEarly() || a.epochs().size() != b.epochs().size()
                || a.alignment().size() != b.alignment().size()) {
            return false;
        }
        for (int i = 0; i < a.epochs().size(); i++) {
            RunResult.Epoch x = a.epochs().get(i);
            RunResult.Epoch y = b.epochs().get(i);
            if (x.epoch() != y.epoch() || Double.compare(x.trainBatchLoss(), y.trainBatchLoss()) != 0
                    || Double.compare(x.testLoss(), y.testLoss()) != 0 || Double.compare(x.testError(), y.testError()) != 0) {
                return false;
            }
        }
        for (int i = 0; i < a.alignment().size(); i++) {
            RunResult.Alignment x = a.alignment().get(i);
            RunResult.Alignment y = b.alignment().get(i);
            if (x.samples() != y.samples() || x.epoch() != y.epoch() || !java.util.Arrays.equals(x.signalAngles(), y.signalAngles())
                    || !java.util.Arrays.equals(x.weightAngles(), y.weightAngles())) {
                return false;
            }
        }
        return true;
    }
}
