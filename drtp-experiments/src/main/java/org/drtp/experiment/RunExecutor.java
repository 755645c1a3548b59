package org.drtp.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.drtp.data.TrainTest;
import org.drtp.train.EpochMetrics;
import org.drtp.train.RunConfig;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingResult;
import org.drtp.train.alignment.AlignmentMonitor;
import org.drtp.train.alignment.AlignmentPoint;

/**
 * Trains one {@link RunSpec} through the core trainer ({@link RunConfig#runTrial}) and turns what it
 * measured into a {@link RunResult}: per-epoch metrics, alignment angles, early stopping.
 */
public final class RunExecutor {

    private RunExecutor() {
    }

    /**
     * @param onEpoch called after each epoch with the epoch number (progress)
     */
    public static RunResult execute(RunSpec spec, TrainTest data, IntConsumer onEpoch) {
        RunConfig config = spec.toRunConfig();
        List<RunResult.Epoch> epochs = new ArrayList<>();
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new TrainingListener() {
            @Override
            public void onEpochEnd(EpochMetrics m) {
                epochs.add(new RunResult.Epoch(m.epoch(), m.meanBatchLoss(), m.testLoss(), m.testErrorPercent(),
                        m.trainSeconds()));
                onEpoch.accept(m.epoch());
            }
        });
        AlignmentMonitor monitor = spec.alignEvery() > 0 ? new AlignmentMonitor(spec.alignEvery()) : null;
        if (monitor != null) {
            listeners.add(monitor);
        }
        long t0 = System.nanoTime();
        // No pass over the training set after each epoch: the tables and plots show test figures, and the
        // training loss is the mean loss of the epoch's batches (free). Saves a quarter of a quick sweep.
        // Early stopping is the trainer's (part of the run configuration, spec.run()).
        TrainingResult result = config.runTrial(data, spec.trial(), listeners, null, false).result();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<RunResult.Alignment> angles = new ArrayList<>();
        if (monitor != null) {
            for (AlignmentPoint p : monitor.points()) {
                angles.add(new RunResult.Alignment(p.samples(), p.epoch(), p.signalAngles(), p.weightAngles()));
            }
        }
        // The paper's figure of merit, as the trainer computes it for every front end (TrainingResult.finalTestError).
        return new RunResult(spec, result.finalTestError(), result.finalTestLoss(), epochs, angles,
                result.stoppedEarly() != null, seconds, Instant.now().toString());
    }
}
