package org.drtp.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.drtp.data.DataException;

/**
 * How far the grids of a result directory are, read from the directory alone (so it works on the shared
 * directory of a cluster sweep while its tasks write to it): the grid manifests, which every {@code reproduce}
 * and {@code sweep} invocation writes before its first run, list the whole grid; a run is finished when its
 * result file exists, failed when it has a failure record (see {@link ResultStore}), and otherwise running or
 * missing (a directory cannot tell a run in flight from one whose task was killed or never started).
 */
public record SweepStatus(List<Grid> grids) {

    /**
     * One grid (experiment, with --quick apart, as {@code aggregate} groups them).
     *
     * @param shards      per shard count N seen in the manifests, shard K (1-based) to its progress
     * @param failures    failure records of this grid's unfinished runs
     * @param damaged     result files that cannot be read, one line each (file, what is wrong, what to do): not
     *                    finished, and a rerun sets them aside and computes their runs again
     * @param runsPerHour finished runs per hour since the first of them started (NaN before two have finished)
     * @param eta         time left at that rate for the runs not finished, or null when unknown
     */
    public record Grid(String name, int total, int finished, List<ResultStore.Failure> failures, List<String> damaged,
                       Map<Integer, Map<Integer, ShardProgress>> shards, double runsPerHour, Duration eta) {

        public int failed() {
            return failures.size();
        }

        public int runningOrMissing() {
            return total - finished - failed() - damaged.size();
        }
    }

    /** A shard's runs: finished, failed, total; {@code started} when its manifest exists. */
    public record ShardProgress(boolean started, int finished, int failed, int total) {
    }

    public static SweepStatus of(Path dir, Instant now) {
        checkDirectory(dir);
        List<GridManifest> manifests = GridManifest.readAll(dir);
        if (manifests.isEmpty()) {
            throw new DataException(dir + ": no grid-*.json manifest (written when 'drtp reproduce' or 'drtp sweep'"
                    + " starts): not a sweep directory, or no task has started yet");
        }
        ResultStore store = new ResultStore(dir);
        Map<String, ResultStore.Failure> failures = store.failures();
        Map<String, List<GridManifest>> byGrid = new LinkedHashMap<>();
        for (GridManifest m : manifests) {
            byGrid.computeIfAbsent(m.experiment() + (m.quick() ? " --quick" : ""), k -> new ArrayList<>()).add(m);
        }
        List<Grid> grids = new ArrayList<>();
        byGrid.forEach((name, ms) -> grids.add(grid(name, ms, store, failures, now)));
        return new SweepStatus(grids);
    }

    /** The one-line error for a path that is not a result directory at all. */
    static void checkDirectory(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new DataException(dir + ": is a file, expected a result directory (with grid-*.json and runs/)");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no such result directory");
        }
    }

    private static Grid grid(String name, List<GridManifest> manifests, ResultStore store,
                             Map<String, ResultStore.Failure> failures, Instant now) {
        Set<String> files = new LinkedHashSet<>();
        manifests.forEach(m -> files.addAll(m.runFiles()));
        Set<String> finished = new LinkedHashSet<>();
        List<ResultStore.Failure> failed = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        Instant firstStart = null;
        for (String f : files) {
            Path p = store.runsDir().resolve(f);
            if (Files.isRegularFile(p)) {
                RunResult r;
                try {
                    r = ResultStore.read(p);
                } catch (DataException e) {
                    damaged.add(e.getMessage());
                    continue;
                }
                finished.add(f);
                Instant start = Instant.parse(r.finished()).minusMillis(Math.round(r.seconds() * 1000));
                firstStart = firstStart == null || start.isBefore(firstStart) ? start : firstStart;
            } else if (failures.containsKey(f)) {
                failed.add(failures.get(f));
            }
        }
        Map<Integer, Map<Integer, ShardProgress>> shards = new TreeMap<>();
        for (GridManifest m : manifests) {
            Shard s = Shard.parse(m.shard());
            if (s.isAll()) {
                continue;
            }
            Map<Integer, ShardProgress> ofN = shards.computeIfAbsent(s.count(), n -> {
                Map<Integer, ShardProgress> all = new TreeMap<>();
                for (int k = 1; k <= n; k++) {
                    List<String> slice = new Shard(k, n).select(m.runFiles());
                    all.put(k, new ShardProgress(false, (int) slice.stream().filter(finished::contains).count(),
                            (int) slice.stream().filter(x -> !finished.contains(x) && failures.containsKey(x)).count(),
                            slice.size()));
                }
                return all;
            });
            ShardProgress p = ofN.get(s.index());
            ofN.put(s.index(), new ShardProgress(true, p.finished(), p.failed(), p.total()));
        }
        double perHour = Double.NaN;
        Duration eta = null;
        if (finished.size() >= 2 && firstStart != null && now.isAfter(firstStart)) {
            double hours = Duration.between(firstStart, now).toMillis() / 3.6e6;
            perHour = finished.size() / hours;
            int left = files.size() - finished.size();
            eta = Duration.ofSeconds(Math.round(left / perHour * 3600));
        }
        return new Grid(name, files.size(), finished.size(), failed, damaged, shards, perHour, eta);
    }
}
