package org.drtp.data.synthetic;

import org.drtp.data.Dataset;
import org.drtp.data.TrainTest;
import org.drtp.settings.InvalidSettingException;

/**
 * The paper's synthetic classification task (section 4.2, figure 3): {@link MakeClassification#paper()}
 * (256 features, 128 informative, 10 classes, 5 clusters per class, class_sep 4.5), the first 25,000 shuffled
 * examples for training and the last 5,000 for testing, as the authors' {@code synth_dataset_gen.py}.
 */
public final class SyntheticClassification {

    public static final int TRAIN = 25_000;
    public static final int TEST = 5_000;

    private SyntheticClassification() {
    }

    public static TrainTest paper() {
        return split(MakeClassification.paper(), TRAIN);
    }

    /** Splits generated examples: the first {@code nTrain} train, the rest test. */
    public static TrainTest split(MakeClassification params, int nTrain) {
        if (nTrain <= 0 || nTrain >= params.samples()) {
            throw new InvalidSettingException("synthetic-classification: the training part must hold between 1 and "
                    + (params.samples() - 1) + " of the " + params.samples() + " examples, got " + nTrain);
        }
        Dataset all = params.generate("synthetic-classification");
        return new TrainTest(all.slice("synthetic-classification/train", 0, nTrain),
                all.slice("synthetic-classification/test", nTrain, all.size()));
    }
}
