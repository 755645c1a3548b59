package org.drtp.train;

/** Training produced a non-finite loss or weights; the message names the epoch, batch and layer. */
public class TrainingDivergedException extends TrainingStoppedException {

    public TrainingDivergedException(String message) {
        super(message);
    }

    /** The setting to change: the learning rate ({@code lr}), which a diverging run almost always has too large. */
    public String setting() {
        return "lr";
    }
}
