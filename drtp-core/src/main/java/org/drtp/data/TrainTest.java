package org.drtp.data;

import java.util.Objects;

/** A training set and the test set it is evaluated on; both have the same example shape and targets. */
public record TrainTest(Dataset train, Dataset test) {

    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.exampleShape().equals(test.exampleShape())) {
            throw new DataException("train set " + train.name() + " has examples of shape " + train.exampleShape()
                    + " but test set " + test.name() + " has " + test.exampleShape());
        }
        if (train.targetSize() != test.targetSize() || train.isClassification() != test.isClassification()) {
            throw new DataException("train set " + train + " and test set " + test + " have different targets");
        }
    }
}
