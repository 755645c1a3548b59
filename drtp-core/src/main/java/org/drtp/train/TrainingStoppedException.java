package org.drtp.train;

/** Training was stopped before its last epoch (divergence, a request from a listener). */
public class TrainingStoppedException extends RuntimeException {

    public TrainingStoppedException(String message) {
        super(message);
    }
}
