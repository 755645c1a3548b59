package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drtp.cli.output.Json;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.device.DeviceModelFile;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.DeviceTraining;
import org.drtp.device.Precision;
import org.drtp.device.Quantizer;
import org.drtp.train.RunConfig;
import org.drtp.train.Statistics;

/** {@code drtp train --precision int8}: the integer (device) arithmetic's epochs, printed as train prints them. */
final class DeviceTrain {

    private DeviceTrain() {
    }

    static int run(TrainingOptions options, String dataset, RunConfig config, Precision precision,
                   DeviceNetwork.Feedback feedback,
                   int headroomBits, Path save, boolean overwrite, boolean json, PrintWriter out, PrintWriter err)
            throws IOException {
        DeviceTraining.check(config);
        if (save != null) {
            ModelOutput.checkSaves(save, config.trials(), overwrite);
        }
        TrainTest data = DatasetCatalog.load(dataset, options.dataDir);
        double[] lastTest = new double[config.trials()];
        List<Double> perTrial = new ArrayList<>();
        for (int t = 0; t < config.trials(); t++) {
            List<Double> tests = new ArrayList<>();
            int trial = t;
            DeviceNetwork net = DeviceTraining.run(config, data, t,
                    new Quantizer(precision, feedback, (int) config.seed(), headroomBits), e -> {
                        tests.add(e.testErrorPercent());
                        out.printf(Locale.ROOT, "%sepoch %d/%d  train error %.2f %% (prequential)  test error %.2f %%  %.1f s%s%n",
                                config.trials() > 1 ? "trial " + (trial + 1) + " " : "", e.epoch(), config.epochs(),
                                e.trainErrorPercent(), e.testErrorPercent(), e.seconds(),
                                e.saturations() > 0 ? "  (" + e.saturations() + " saturated updates)" : "");
                        out.flush();
                    });
            int k = Math.min(10, tests.size());
            double sum = 0;
            for (int i = tests.size() - k; i < tests.size(); i++) {
                sum += tests.get(i);
            }
            lastTest[t] = sum / k;
            perTrial.add(lastTest[t]);
            if (save != null) {
                Path file = ModelOutput.file(save, config.trials(), t);
                DeviceModelFile.save(file, net, config.topology().toString());
                err.println("saved device model to " + file);
            }
        }
        out.println(String.format(Locale.ROOT, "%s %s on %s in %s: test error %.2f ± %.2f %% over %d trial(s)"
                        + " (mean of the last %d epochs)", config.trainMode(), config.topology(), dataset, precision,
                Statistics.mean(lastTest), Statistics.std(lastTest), config.trials(), Math.min(10, config.epochs())));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", dataset);
            m.putAll(config.toMap()); // every setting of the table (org.drtp.train.Settings), as train's --json
            m.put("precision", precision.id());
            m.put("test_error_percent", perTrial);
            m.put("test_error_mean", Statistics.mean(lastTest));
            m.put("test_error_std", Statistics.std(lastTest));
            out.println(Json.line(m));
        }
        out.flush();
        return 0;
    }
}
