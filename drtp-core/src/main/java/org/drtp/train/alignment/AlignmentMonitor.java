package org.drtp.train.alignment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.drtp.loss.Loss;
import org.drtp.nn.Network;
import org.drtp.rule.FeedbackMatrix;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;
import org.drtp.train.TrainingListener;
import org.drtp.train.TrainingStep;

/**
 * Measures alignment angles while a rule trains (paper section 4: every 1k samples for the regression
 * task, every 2.5k for classification). On the first batch and then on the first batch after every
 * {@code everySamples} training examples, it runs a {@link BackpropProbe} on that batch before the step
 * trains on it (same weights, same dropout masks), then compares each hidden layer's {@code dz_k} from the
 * rule, observed inside the step before any update, with BP's. Shallow learning sends no hidden signal:
 * nothing is measured for it.
 *
 * <p>One monitor per trial (it keeps that trial's series); not thread-safe, like the trainer.
 */
public final class AlignmentMonitor implements TrainingListener {

    private final long everySamples;
    private final List<AlignmentPoint> points = new ArrayList<>();
    private BackpropProbe probe;
    private TrainingStep step;
    private Network network;
    private LearningRule rule;
    private long samples;
    private long nextAt;
    private boolean armed;
    private double[] current;
    private double[] currentWeights;

    public AlignmentMonitor(long everySamples) {
        if (everySamples <= 0) {
            throw new InvalidSettingException("align_every", "must be a positive number of samples, got " + everySamples);
        }
        this.everySamples = everySamples;
    }

    @Override
    public void onStepCreated(int trial, TrainingStep s, Network net, LearningRule r, Loss loss) {
        this.step = s;
        this.network = net;
        this.rule = r;
        this.samples = 0;
        this.nextAt = 0;
        this.points.clear();
        if (!r.trainsHiddenLayers()) {
            return;
        }
        this.probe = new BackpropProbe(net, loss, s.maxBatch());
        s.setSignalObserver(this::onSignal);
    }

    @Override
    public void beforeBatch(int trial, int e, int batch, float[] x, float[] targets, int[] labels, int n) {
        if (probe != null && samples >= nextAt) {
            probe.run(x, targets, labels, n, step.dropoutRngState());
            current = new double[network.depth() - 1];
            Arrays.fill(current, Double.NaN);
            currentWeights = weightAngles();
            armed = true;
            nextAt = (samples / everySamples + 1) * everySamples;
        }
        samples += n;
    }

    private void onSignal(int k, float[] dz, int n, int width) {
        if (!armed) {
            return;
        }
        float[] bp = probe.signal(k);
        current[k] = bp == null ? Double.NaN : Angles.degrees(dz, bp, n * width);
    }

    @Override
    public void onBatchEnd(int trial, int e, int batch, int batches, double loss) {
        if (armed) {
            armed = false;
            points.add(new AlignmentPoint(samples, e, current, currentWeights));
        }
    }

    /**
     * Angles between each layer's forward weights and its feedback matrix, where they have the same shape
     * (feedback alignment; BioTorch's layer alignment), with the weights the measured batch is trained from.
     */
    private double[] weightAngles() {
        double[] w = new double[network.depth()];
        Arrays.fill(w, Double.NaN);
        for (FeedbackMatrix m : rule.feedbackMatrices()) {
            float[] weight = network.layer(m.layer()).weight().value();
            if (Arrays.equals(m.shape(), network.layer(m.layer()).weight().shape())) {
                w[m.layer()] = Angles.degrees(weight, m.values(), weight.length);
            }
        }
        return w;
    }

    /** The measurements so far, oldest first. */
    public List<AlignmentPoint> points() {
        return List.copyOf(points);
    }
}
