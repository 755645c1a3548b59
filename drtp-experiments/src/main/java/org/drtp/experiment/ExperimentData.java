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
        String key = s.dataset() + "|" + s.trainLimit() + "|" + s.testLimit() + "|" + s.validation();
        return prepared.computeIfAbsent(key, k -> cut(dataset(s.dataset()), s));
    }

    static TrainTest cut(TrainTest d, RunSpec s) {
        Dataset train = d.train();
        Dataset test = d.test();
        if (s.validation() > 0) {
            int n = train.size();
            if (s.validation() >= n) {
                throw new InvalidSettingException(s.dataset() + ": a validation split of " + s.validation()
                        + " examples needs a larger training set than " + n);
            }
            // The last examples of the training set become the validation set; the test set is not touched.
            test = train.slice(train.name() + "/validation", n - s.validation(), n);
            train = train.slice(train.name() + "/fit", 0, n - s.validation());
        }
        if (s.trainLimit() > 0 && s.trainLimit() < train.size()) {
            train = train.slice(train.name() + "/first" + s.trainLimit(), 0, s.trainLimit());
        }
        if (s.testLimit() > 0 && s.testLimit() < test.size()) {
            test = test.slice(test.name() + "/first" + s.testLimit(), 0, s.testLimit());
        }
        return new TrainTest(train, test);
    }
}
