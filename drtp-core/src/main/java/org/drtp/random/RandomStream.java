package org.drtp.random;

/**
 * The independent random streams of a run: each component of each trial draws from its own generator,
 * {@link Rng#forComponent(long, int, RandomStream)}, so adding draws to one component never shifts another's.
 * The keys are mixed into the seed: changing one changes every run's numbers (and old checkpoints would
 * no longer resume to the same weights).
 */
public enum RandomStream {
    /** Initial weights and biases of the network. */
    INIT("init"),
    /** The rule's fixed random feedback matrices. */
    FEEDBACK("feedback"),
    /** The order of training examples, reshuffled every epoch. */
    SHUFFLE("shuffle"),
    /** Dropout masks. */
    DROPOUT("dropout"),
    /** Data augmentation (random horizontal flips). */
    AUGMENT("augment"),
    /** The validation split early stopping holds out of the training set (the same for every trial). */
    VALIDATION("validation"),
    /** The synthetic classification task's draw ({@code make_classification}). */
    MAKE_CLASSIFICATION("make_classification"),
    /** The synthetic regression task's training examples. */
    REGRESSION_TRAIN("regression.train"),
    /** The synthetic regression task's test examples. */
    REGRESSION_TEST("regression.test");

    private final String key;

    RandomStream(String key) {
        this.key = key;
    }

    /** The name mixed into the seed (and written in manifests). */
    public String key() {
        return key;
    }
}
