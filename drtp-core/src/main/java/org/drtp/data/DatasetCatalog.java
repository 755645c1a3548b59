package org.drtp.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtp.settings.InvalidSettingException;

/**
 * Named datasets the command line and experiments know: where each is found and how it is loaded.
 *
 * <ul>
 *   <li>{@code mnist-10k}: 10k real MNIST digits (8k train / 2k test) embedded in the jar; the default.</li>
 *   <li>{@code mnist}: full MNIST (60k / 10k) from the data directory given, or {@link #userDataDir}/mnist.</li>
 *   <li>{@code fashion-mnist}: Fashion-MNIST (60k / 10k) from the data directory given, the Debian package
 *       dataset-fashion-mnist ({@code /usr/share/datasets/fashion-mnist}), or {@link #userDataDir}/fashion-mnist.</li>
 *   <li>{@code synthetic-regression}, {@code synthetic-classification}: the paper's synthetic tasks (section 4),
 *       generated from a fixed seed (no files; a data directory is not used).</li>
 *   <li>{@code cifar10}: CIFAR-10 (50k / 10k, binary version, normalised as the reference) from the data directory given
 *       or {@link #userDataDir}/cifar10 (either may hold the files or their {@code cifar-10-batches-bin/}).</li>
 *   <li>{@code csv}: {@code train.csv} and {@code test.csv} in the data directory (features, then the label).</li>
 * </ul>
 */
public final class DatasetCatalog {

    /** A way to load one named dataset, given an optional directory override (null when not given). */
    @FunctionalInterface
    public interface Loader {
        TrainTest load(Path dataDir);
    }

    private static final Map<String, Loader> LOADERS = new LinkedHashMap<>();

    static {
        register("mnist-10k", dir -> dir != null ? MnistFormat.load(dir, "mnist-10k")
                : MnistFormat.loadResources("/org/drtp/data/mnist-10k/", "mnist-10k"));
        register("mnist", dir -> MnistFormat.load(locate("mnist", dir, List.of(userDataDir().resolve("mnist")),
                "download it with `./drtp datasets download mnist`"), "mnist"));
        register("fashion-mnist", dir -> MnistFormat.load(locate("fashion-mnist", dir,
                List.of(Path.of("/usr/share/datasets/fashion-mnist"), userDataDir().resolve("fashion-mnist")),
                "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)"),
                "fashion-mnist"));
        register("synthetic-regression", dir -> org.drtp.data.synthetic.SyntheticRegression.paper());
        register("csv", DatasetCatalog::csv);
        register("synthetic-classification", dir -> org.drtp.data.synthetic.SyntheticClassification.paper());
        register("cifar10", dir -> Cifar10Format.load(locate("cifar10", dir, List.of(userDataDir().resolve("cifar10")),
                Cifar10Format::isPresent, "download it with `./drtp datasets download cifar10`"), "cifar10"));
    }

    /**
     * {@code csv}: your own data, {@code train.csv} and {@code test.csv} in the data directory given, one example per line,
     * the features then the integer class label last (see {@link CsvFormat}).
     */
    static TrainTest csv(Path dir) {
        if (dir == null) {
            throw DataException.about("data_dir", "dataset csv needs a data directory holding train.csv and test.csv (features, then the label)");
        }
        if (!Files.isDirectory(dir)) {
            throw DataException.about("data_dir", "data directory " + dir + ": no such directory");
        }
        Dataset train = CsvFormat.labelled(dir.resolve("train.csv"), 0);
        Dataset test = CsvFormat.labelled(dir.resolve("test.csv"), 0);
        int classes = Math.max(train.numClasses(), test.numClasses());
        if (train.numClasses() != classes) {
            train = CsvFormat.labelled(dir.resolve("train.csv"), classes);
        }
        if (test.numClasses() != classes) {
            test = CsvFormat.labelled(dir.resolve("test.csv"), classes);
        }
        return new TrainTest(train, test);
    }

    private DatasetCatalog() {
    }

    /** Adds (or replaces) a named dataset. */
    public static synchronized void register(String id, Loader loader) {
        LOADERS.put(id, loader);
    }

    /** Known dataset ids, in registration order. */
    public static synchronized List<String> ids() {
        return new ArrayList<>(LOADERS.keySet());
    }

    /**
     * Loads a dataset by id (case-insensitive).
     *
     * @param dataDir directory given by the user (the {@code data_dir} setting), or null for the default location
     */
    public static TrainTest load(String id, Path dataDir) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        Loader loader;
        synchronized (DatasetCatalog.class) {
            loader = LOADERS.get(key);
        }
        if (loader == null) {
            throw new InvalidSettingException("unknown dataset '" + id + "': expected one of " + String.join(", ", ids()));
        }
        return loader.load(dataDir);
    }

    /** Where downloaded datasets live: {@code $DRTP_DATA}, else {@code ~/.drtp/data}. */
    public static Path userDataDir() {
        String env = System.getenv("DRTP_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".drtp", "data");
    }

    /** The user's directory if given, else the first candidate holding the files; a clear error otherwise. */
    static Path locate(String id, Path dataDir, List<Path> candidates, String hint) {
        return locate(id, dataDir, candidates, MnistFormat::isPresent, hint);
    }

    /** As {@link #locate(String, Path, List, String)}, with the test of whether a directory holds the files. */
    static Path locate(String id, Path dataDir, List<Path> candidates, java.util.function.Predicate<Path> present,
                       String hint) {
        if (dataDir != null) {
            if (!Files.isDirectory(dataDir)) {
                throw DataException.about("data_dir", "data directory " + dataDir + ": no such directory");
            }
            return dataDir;
        }
        for (Path c : candidates) {
            if (present.test(c)) {
                return c;
            }
        }
        throw DataException.about("data_dir", "dataset " + id + " not found (looked in " + candidates + "): " + hint
                + ", or give its data directory");
    }
}
