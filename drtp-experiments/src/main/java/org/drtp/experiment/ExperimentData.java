package org.drtp.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.drtp.data.Dataset;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.settings.InvalidSettingException;

/**
 * Loads the data a run trains on, once per distinct need: catalog datasets are read once and shared by all
 * runs (a Dataset is immutable), then cut as the spec says (validation hold-out, train and test limits).
 */
public final class ExperimentData {

    private final Path dataDir;
    private final Map<String, TrainTest> raw = new ConcurrentHashMap<>();
    private final Map<String, TrainTest> prepared = new ConcurrentHashMap<>();

    /** @param dataDir directory override for datasets that read files (null: their usual places) */
    public ExperimentData(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The catalog dataset, loaded once. Throws DataException / IllegalArgumentException when unavailable. */
    public TrainTest dataset(String id) {
        return raw.computeIfAbsent(id, k -> DatasetCatalog.load(k, dataDir));
    }

    /** True when the catalog can load {@code id} here (files present). */
    public boolean isAvailable(String id) {
        try {
            dataset(id);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The train and evaluation sets of a run. */
    public TrainTest forRun(RunSpec s) {
        String key = s.data().dataset() + "|" + s.data().trainLimit() + "|" + s.data().testLimit() + "|" + s.data().validation();
        return prepared.computeIfAbsent(key, k -> cut(dataset(s.data().dataset()), s));
    }

    static TrainTest cut(TrainTest d, RunSpec s) {
        Dataset train = d.train();
        Dataset test = d.test();
        if (s.data().validation() > 0) {
            int n = train.size();
            if (s.data().validation() >= n) {
                throw new InvalidSettingException(s.data().dataset() + ": a validation split of " + s.data().validation()
                        + " examples needs a larger training set than " + n);
            }
            // The last examples of the training set become the validation set; the test set is not touched.
            test = train.slice(train.name() + "/validation", n - s.data().validation(), n);
            train = train.slice(train.name() + "/fit", 0, n - s.data().validation());
        }
        if (s.data().trainLimit() > 0 && s.data().trainLimit() < train.size()) {
            train = train.slice(train.name() + "/first" + s.data().trainLimit(), 0, s.data().trainLimit());
        }
        if (s.data().testLimit() > 0 && s.data().testLimit() < test.size()) {
            test = test.slice(test.name() + "/first" + s.data().testLimit(), 0, s.data().testLimit());
        }
        return new TrainTest(train, test);
    }
}
