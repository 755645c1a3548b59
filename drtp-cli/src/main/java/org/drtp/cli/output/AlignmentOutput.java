package org.drtp.cli.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drtp.io.AtomicFiles;
import org.drtp.report.Csv;
import org.drtp.train.EpochMetrics;
import org.drtp.train.TrainingListener;
import org.drtp.train.alignment.AlignmentMonitor;
import org.drtp.train.alignment.AlignmentPoint;
import org.drtp.train.alignment.Angles;

/**
 * {@code train --align-every N}: after each epoch, one line with each hidden layer's alignment angle with
 * BP (EMA-smoothed, momentum 0.95, as the paper plots them), and with {@code --out} the raw measurements in
 * {@code alignment.csv}, rewritten atomically after every epoch. One instance serves every trial: call
 * {@link #monitorFor} when a trial starts and add the monitor it returns to that trial's listeners first.
 */
public final class AlignmentOutput implements TrainingListener {

    private final PrintWriter out;
    private final long every;
    private final Path csvFile;
    private Csv csv; // created with the first measurements, which tell how many layers there are
    private AlignmentMonitor monitor;
    private int trial;
    private int written;

    /** @param csvFile where to write the measurements, or null */
    public AlignmentOutput(PrintWriter out, long every, Path csvFile) {
        this.out = out;
        this.every = every;
        this.csvFile = csvFile;
    }

    /** A fresh monitor for the trial about to start. */
    public AlignmentMonitor monitorFor(int trial) {
        this.trial = trial;
        this.written = 0;
        this.monitor = new AlignmentMonitor(every);
        return monitor;
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        List<AlignmentPoint> points = monitor.points();
        if (points.isEmpty() || points.get(0).signalAngles().length == 0) {
            return;
        }
        int layers = points.get(0).signalAngles().length;
        if (csv == null) {
            List<String> header = new ArrayList<>(List.of("trial", "samples", "epoch"));
            for (int k = 1; k <= layers; k++) {
                header.add("angle_h" + k);
            }
            for (int k = 0; k < points.get(0).weightAngles().length; k++) {
                header.add("weight_feedback_angle_layer" + (k + 1));
            }
            csv = new Csv(header);
        }
        StringBuilder line = new StringBuilder("  alignment with BP (EMA 0.95):");
        boolean any = false;
        for (int k = 0; k < layers; k++) {
            double[] raw = new double[points.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = points.get(i).signalAngles()[k];
            }
            double[] smooth = Angles.ema(raw, Angles.EMA_MOMENTUM);
            double last = smooth[smooth.length - 1];
            if (!Double.isNaN(last)) {
                line.append(String.format(Locale.ROOT, " h%d %.1f°", k + 1, last));
                any = true;
            }
        }
        if (any) {
            out.println(line);
            out.flush();
        }
        for (; written < points.size(); written++) {
            AlignmentPoint p = points.get(written);
            List<Object> row = new ArrayList<>(List.of(trial + 1, p.samples(), p.epoch()));
            for (double a : p.signalAngles()) {
                row.add(Csv.fixed(a, 4));
            }
            for (double a : p.weightAngles()) {
                row.add(Csv.fixed(a, 4));
            }
            csv.row(row);
        }
        if (csvFile != null) {
            try {
                AtomicFiles.writeString(csvFile, csv.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }
}
