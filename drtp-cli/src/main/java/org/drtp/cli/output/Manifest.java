package org.drtp.cli.output;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.tensor.Kernels;
import org.drtp.train.RunConfig;

/** What a result directory records about how it was made: arguments, seeds, versions, machine. */
public final class Manifest {

    private Manifest() {
    }

    public static Map<String, Object> of(String command, List<String> args, String dataset, RunConfig config,
                                         String version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("arguments", args);
        m.put("started", Instant.now().toString());
        m.put("drtp_version", version);
        m.put("dataset", dataset);
        if (config != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("topology", config.topology().toString());
            c.put("train_mode", config.trainMode());
            c.put("optimizer", config.optimizer());
            c.put("lr", config.lr());
            c.put("loss", config.loss().id());
            c.put("epochs", config.epochs());
            c.put("batch_size", config.batchSize());
            c.put("trials", config.trials());
            c.put("seed", config.seed());
            c.put("seed_streams", "per trial t and component c (init, feedback, shuffle, dropout, augment): Rng.forComponent(seed, t, RandomStream of key c)");
            c.put("hidden_act", config.network().hiddenActivation().id());
            c.put("output_act", config.network().outputActivation().id());
            c.put("conv_act", config.network().convActivation().id());
            c.put("dropout", config.network().dropout());
            c.put("fc_zero_init", config.network().fcZeroInit());
            c.put("freeze_conv_layers", config.freezeConvLayers());
            c.put("augment", config.augmentation().id());
            c.put("early_stopping", config.earlyStopping().describe());
            m.put("config", c);
        }
        m.put("environment", environment());
        return m;
    }

    public static Map<String, Object> environment() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("java_version", System.getProperty("java.version"));
        e.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        e.put("arch", System.getProperty("os.arch"));
        e.put("available_processors", Runtime.getRuntime().availableProcessors());
        e.put("kernels", Kernels.gemm().name());
        e.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        return e;
    }
}
