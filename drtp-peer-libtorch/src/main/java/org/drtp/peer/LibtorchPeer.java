package org.drtp.peer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The libtorch peer of {@code drtp bench --peer libtorch}: the same shapes as drtp's bench through PyTorch 2.7.1's
 * official CPU build, driven by DJL. Prints progress on stderr and one JSON object as the last stdout line:
 * {@code drtp_epoch_seconds}, {@code bp_epoch_seconds}, {@code online_drtp_samples_per_second},
 * {@code conv_drtp_epoch_seconds}, {@code conv_bp_epoch_seconds}, {@code gemm_gflops_by_shape}, {@code engine}.
 *
 * <p>Never goes online: DJL's offline mode (natives come from the bundled pytorch-native-cpu jar) and its
 * telemetry opt-out are set here before any DJL class loads, and by the caller's command line too.
 *
 * <p>Usage: {@code java -jar drtp-peer-libtorch.jar --threads N --epochs E --train N --online N
 * --gemm-seconds S --shapes MxNxK:TT,... [--no-conv] [--cpu-clock]} ({@code --cpu-clock}: matmul timed on the
 * calling thread's CPU clock, meaningful with {@code --threads 1}, where libtorch computes on the calling thread).
 */
public final class LibtorchPeer {

    private LibtorchPeer() {
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-conv") || args[i].equals("--cpu-clock")) {
                opt.put(args[i].substring(2), "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("drtp-peer-libtorch: unexpected argument '" + args[i] + "'");
                System.exit(2);
            }
        }
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        int epochs = Integer.parseInt(opt.getOrDefault("epochs", "3"));
        int train = Integer.parseInt(opt.getOrDefault("train", "60000"));
        int online = Integer.parseInt(opt.getOrDefault("online", "20000"));
        double gemmSeconds = Double.parseDouble(opt.getOrDefault("gemm-seconds", "1"));
        String[] shapes = opt.getOrDefault("shapes", "60x1000x784:NT").split(",");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");

        Map<String, Object> r = new LinkedHashMap<>();
        Engine engine = Engine.getEngine("PyTorch");
        r.put("engine", "PyTorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ", " + threads + " threads)");
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            Batches data = new Batches(root, train);
            log("online drtp, FC_500_FC_10, batch 1, SGD");
            r.put("online_drtp_samples_per_second", online(root, data, online));
            log("epochs of FC_1000_FC_1000_FC_10, batch 60, Adam: drtp and bp alternately");
            Mlp drtp = new Mlp(root, new int[] {784, 1000, 1000, 10}, new TorchAdam(5e-4f));
            Mlp bp = new Mlp(root, new int[] {784, 1000, 1000, 10}, new TorchAdam(5e-4f));
            double[] fc = epochs(root, data, epochs, List.of(
                    (s, xt) -> { drtp.attach(s); drtp.drtpStep(xt[0], xt[1], 0f); },
                    (s, xt) -> { bp.attach(s); bp.bpStep(xt[0], xt[1], false); }));
            r.put("drtp_epoch_seconds", fc[0]);
            r.put("bp_epoch_seconds", fc[1]);
            if (!opt.containsKey("no-conv")) {
                log("epochs of CONV_32_5_1_2_FC_1000_FC_10, batch 60, Adam: drtp and bp alternately");
                ConvNet cd = new ConvNet(root, 5e-4f);
                ConvNet cb = new ConvNet(root, 5e-4f);
                double[] conv = epochs(root, data, epochs, List.of(
                        (s, xt) -> { cd.attach(s); cd.drtpStep(xt[0], xt[1]); },
                        (s, xt) -> { cb.attach(s); cb.bpStep(xt[0], xt[1]); }));
                r.put("conv_drtp_epoch_seconds", conv[0]);
                r.put("conv_bp_epoch_seconds", conv[1]);
            }
            log("matmul (MKL sgemm) at the training shapes");
            r.put("gemm_gflops_by_shape", GemmRate.gflops(root, shapes, gemmSeconds, opt.containsKey("cpu-clock")));
        }
        System.out.println(json(r));
    }

    /** Median epoch seconds of each step function after one warm-up epoch each, epochs interleaved. */
    private static double[] epochs(NDManager root, Batches data, int measured,
                                   List<BiConsumer<NDManager, NDArray[]>> steps) {
        List<List<Double>> times = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            times.add(new ArrayList<>());
        }
        for (int e = 0; e <= measured; e++) {
            for (int i = 0; i < steps.size(); i++) {
                data.shuffle();
                long t0 = System.nanoTime();
                for (int start = 0; start < data.size; start += 60) {
                    try (NDManager scratch = root.newSubManager()) {
                        steps.get(i).accept(scratch, data.batch(scratch, start, 60));
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                log(String.format(Locale.ROOT, "  step function %d epoch %d: %.2f s%s", i, e, s, e == 0 ? " (warm-up)" : ""));
                if (e > 0) {
                    times.get(i).add(s);
                }
            }
        }
        double[] medians = new double[steps.size()];
        for (int i = 0; i < medians.length; i++) {
            medians[i] = times.get(i).stream().sorted().skip((times.get(i).size() - 1) / 2)
                    .limit(2 - times.get(i).size() % 2).mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
        return medians;
    }

    private static double online(NDManager root, Batches data, int examples) {
        Mlp net = new Mlp(root, new int[] {784, 500, 10}, null);
        int warmup = examples / 2;
        long t0 = 0;
        for (int i = 0; i < warmup + examples; i++) {
            if (i == warmup) {
                t0 = System.nanoTime();
            }
            try (NDManager scratch = root.newSubManager()) {
                net.attach(scratch);
                NDArray[] xt = data.batch(scratch, i % data.size, 1);
                net.drtpStep(xt[0], xt[1], 1e-2f);
            }
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }

    private static void log(String message) {
        System.err.println("peer: " + message);
        System.err.flush();
    }

    /** The flat JSON this peer prints (numbers, strings, one level of nested maps). */
    static String json(Map<String, ?> map) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> inner = (Map<String, ?>) m;
                sb.append(json(inner));
            } else if (v instanceof Number) {
                sb.append(String.format(Locale.ROOT, "%.6g", ((Number) v).doubleValue()));
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
