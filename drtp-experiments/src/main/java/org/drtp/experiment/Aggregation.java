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
 * its file name; a run found in several directories is taken from the first (runs are deterministic, only
 * their timings differ). Grid manifests tell which runs are still missing, and when there are any, only the
 * runs of their grids are taken.
 */
public record Aggregation(List<RunResult> results, List<GridManifest> manifests, Map<String, Integer> missingByExperiment,
                          Map<String, List<String>> notes) {

    public static Aggregation of(List<Path> dirs) {
        Map<String, RunResult> runs = new LinkedHashMap<>();
        List<GridManifest> manifests = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new DataException(d + ": no such result directory");
            }
            ResultStore store = new ResultStore(d);
            if (!Files.isDirectory(store.runsDir()) && GridManifest.readAll(d).isEmpty()) {
                throw new DataException(d + ": not a drtp result directory (it has neither runs/ nor grid-*.json)");
            }
            for (RunResult r : store.readAll()) {
                runs.putIfAbsent(r.spec().fileName(), r);
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
}
