/**
 * Training: the single-batch {@link org.drtp.train.TrainingStep} (update-locked and update-unlocked schedules),
 * the epoch loop ({@link org.drtp.train.Trainer}), evaluation, online learning, checkpoints, divergence checks and
 * the edge budget.
 */
package org.drtp.train;
