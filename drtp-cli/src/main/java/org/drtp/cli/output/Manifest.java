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
            // Every setting of the table (org.drtp.train.Settings), plus two lines for readers of the directory.
            Map<String, Object> c = new LinkedHashMap<>();
            config.toMap().forEach((k, v) -> {
                c.put(k, v);
                if (k.equals("seed")) {
                    c.put("seed_streams", "per trial t and component c (init, feedback, shuffle, dropout, augment): Rng.forComponent(seed, t, RandomStream of key c)");
                }
            });
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
