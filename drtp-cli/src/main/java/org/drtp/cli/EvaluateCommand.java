package org.drtp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.cli.output.Json;
import org.drtp.data.DataException;
import org.drtp.data.Dataset;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.model.ModelFile;
import org.drtp.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.drtp.device.DeviceModelFile;
import org.drtp.device.DeviceModels;
import org.drtp.device.DeviceNetwork;
import org.drtp.device.Precision;
import org.drtp.device.OnePass;
import org.drtp.io.SafeTensors;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp evaluate}: loss and error of a saved model on a dataset's test (and train) set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on a dataset: test loss and test error (and the training set's with --train).")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file written by train --save.")
    Path model;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist-10k",
            description = "Dataset to evaluate on (default mnist-10k).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the dataset's files.")
    Path dataDir;

    @Option(names = "--train", description = "Also evaluate the training set.")
    boolean train;

    @Option(names = "--json", description = "End standard output with one line holding the results as a JSON object.")
    boolean json;

    @Mixin
    DeviceFlags.PrecisionFlag precision;

    @Mixin
    DeviceFlags.HeadroomFlag headroomBits;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (precision.or(Precision.FLOAT32).isInteger() || DeviceModelFile.isDeviceModel(SafeTensors.read(model))) {
            return evaluateDevice(out);
        }
        DeviceFlags.checkIntegerOnly(spec, Precision.FLOAT32); // --headroom-bits means nothing to a float evaluation
        ModelFile.Model m = ModelFile.load(model, note -> spec.commandLine().getErr().println("note: " + note));
        TrainTest data = DatasetCatalog.load(dataset, dataDir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model.toString());
        result.put("dataset", dataset);
        result.put("train_mode", m.rule().id());
        result.put("topology", m.network().topology().toString());
        for (Dataset d : train ? new Dataset[] {data.test(), data.train()} : new Dataset[] {data.test()}) {
            check(m, d);
            Evaluation e = Evaluation.of(m.network(), d, m.loss());
            String split = d == data.test() ? "test" : "train";
            out.println(String.format(Locale.ROOT, "%s set (%d examples): loss %.4f%s", split, d.size(), e.loss(),
                    Double.isNaN(e.errorPercent()) ? "" : String.format(Locale.ROOT, ", error %.2f %%", e.errorPercent())));
            result.put(split + "_loss", e.loss());
            result.put(split + "_error_percent", e.errorPercent());
        }
        if (json) {
            out.println(Json.line(result));
        }
        out.flush();
        return 0;
    }

    /** A device (integer) model: its error rate in its own arithmetic (no loss: the device has no float outputs). */
    private int evaluateDevice(PrintWriter out) {
        Precision p = precision.or(null);
        if (p != null && !p.isInteger()) {
            throw new Errors.UsageException("--precision: expected an integer precision, got " + precision.value);
        }
        // the learning rate does not matter for evaluation; 0.01 is stream's default
        DeviceModelFile.Loaded m = DeviceModels.open(model, new DeviceModels.Settings(p, 0.01,
                DeviceNetwork.Feedback.STORED, 0, headroomBits.value));
        TrainTest data = DatasetCatalog.load(dataset, dataDir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model.toString());
        result.put("dataset", dataset);
        result.put("train_mode", "drtp");
        result.put("topology", m.topology());
        result.put("precision", m.network().precision().id());
        for (Dataset d : train ? new Dataset[] {data.test(), data.train()} : new Dataset[] {data.test()}) {
            if (d.exampleSize() != m.network().inputs() || d.targetSize() != m.network().classes()
                    || !d.normalization().equals(org.drtp.data.Normalization.unitInterval())) {
                throw new DataException(d.name() + " does not fit the device model (" + m.network().inputs() + " inputs"
                        + " scaled by 1/255, " + m.network().classes() + " classes)");
            }
            double error = 100.0 - OnePass.testAccuracy(m.network(), d);
            String split = d == data.test() ? "test" : "train";
            out.println(String.format(Locale.ROOT, "%s set (%d examples): error %.2f %% (%s)", split, d.size(), error,
                    m.network().precision()));
            result.put(split + "_error_percent", error);
        }
        if (json) {
            out.println(Json.line(result));
        }
        out.flush();
        return 0;
    }

    static void check(ModelFile.Model m, Dataset d) {
        if (d.exampleSize() != m.network().inputShape().size()) {
            throw new DataException(d.name() + " has examples of " + d.exampleShape() + " but the model expects "
                    + m.network().inputShape());
        }
        if (d.targetSize() != m.network().outputSize()) {
            throw new DataException(d.name() + " has " + d.targetSize() + " classes/targets but the model has "
                    + m.network().outputSize() + " outputs");
        }
        if (!d.normalization().equals(m.normalization())) {
            throw new DataException(d.name() + " is normalised as " + d.normalization() + " but the model was trained on "
                    + m.normalization());
        }
    }
}
