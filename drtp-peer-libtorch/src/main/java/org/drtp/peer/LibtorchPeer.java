package org.drtp.peer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The libtorch peer of {@code drtp bench --peer libtorch}: the same shapes as drtp's bench through PyTorch 2.7.1's
 * official CPU build, driven by DJL. It loads libtorch once and then serves measurements one at a time, so that
 * the bench can alternate drtp's and the peer's measurement of each figure round by round (drtp-bench/README.md).
 *
 * <p>Usage: {@code java -jar drtp-peer-libtorch.jar --threads N --train N [--cpu-clock]} ({@code --cpu-clock}: matmul
 * timed on the calling thread's CPU clock, meaningful with {@code --threads 1}, where libtorch computes on the
 * calling thread). Once ready it prints {@code ready ENGINE}; then it reads one request per stdin line and answers
 * each with one stdout line, {@code ok NUMBER} or {@code error MESSAGE}; progress goes to stderr:
 * <ul>
 *   <li>{@code online N}: samples/s of N online DRTP steps (FC_500_FC_10, batch 1, SGD) on one network kept
 *       across requests;</li>
 *   <li>{@code epoch fc|conv drtp|bp}: seconds of one training epoch (batch 60, Adam) of FC_1000_FC_1000_FC_10 or
 *       CONV_32_5_1_2_FC_1000_FC_10, each network kept across requests (the caller's first request is its warm-up);</li>
 *   <li>{@code gemm MxNxK:TT SECONDS}: GFLOPS of matmul at that shape, timed for about SECONDS;</li>
 *   <li>{@code quit} (or end of input): exit.</li>
 * </ul>
 *
 * <p>Never goes online: DJL's offline mode (natives come from the bundled pytorch-native-cpu jar) and its
 * telemetry opt-out are set here before any DJL class loads, and by the caller's command line too.
 */
public final class LibtorchPeer {

    private final NDManager root;
    private final Batches data;
    private final boolean cpuClock;
    private final Map<String, BiConsumer<NDManager, NDArray[]>> steps = new HashMap<>();
    private Mlp online;
    private int onlineNext;

    private LibtorchPeer(NDManager root, Batches data, boolean cpuClock) {
        this.root = root;
        this.data = data;
        this.cpuClock = cpuClock;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cpu-clock")) {
                opt.put("cpu-clock", "true");
            } else if ((args[i].equals("--threads") || args[i].equals("--train")) && i + 1 < args.length) {
                opt.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("drtp-peer-libtorch: unexpected argument '" + args[i] + "' (expected --threads N --train N [--cpu-clock])");
                System.exit(2);
            }
        }
        int threads = Integer.parseInt(opt.getOrDefault("threads", "2"));
        int train = Integer.parseInt(opt.getOrDefault("train", "60000"));
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");

        Engine engine = Engine.getEngine("PyTorch");
        PrintStream out = System.out;
        try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            log("synthetic data, " + train + " examples of MNIST's shape");
            LibtorchPeer peer = new LibtorchPeer(root, new Batches(root, train), opt.containsKey("cpu-clock"));
            reply(out, "ready PyTorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + ", " + threads + " threads)");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
                try {
                    reply(out, "ok " + peer.serve(line.strip().split("\\s+")));
                } catch (RuntimeException e) {
                    reply(out, "error " + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
                }
            }
        }
    }

    /** One request's figure; an {@link IllegalArgumentException} names what was expected. */
    private double serve(String[] request) {
        switch (request[0]) {
            case "online":
                expect(request, 2, "online N");
                return online(Integer.parseInt(request[1]));
            case "epoch":
                expect(request, 3, "epoch fc|conv drtp|bp");
                return epoch(step(request[1], request[2]), request[1] + " " + request[2]);
            case "gemm":
                expect(request, 3, "gemm MxNxK:TT SECONDS");
                return GemmRate.gflops(root, request[1], Double.parseDouble(request[2]), cpuClock);
            default:
                throw new IllegalArgumentException("unknown request '" + String.join(" ", request)
                        + "' (expected online, epoch, gemm or quit)");
        }
    }

    private static void expect(String[] request, int words, String form) {
        if (request.length != words) {
            throw new IllegalArgumentException("expected '" + form + "', got '" + String.join(" ", request) + "'");
        }
    }

    /** The training step of one network and rule, built on first use and kept, so its Adam state carries on. */
    private BiConsumer<NDManager, NDArray[]> step(String network, String rule) {
        if (!(network.equals("fc") || network.equals("conv")) || !(rule.equals("drtp") || rule.equals("bp"))) {
            throw new IllegalArgumentException("expected 'epoch fc|conv drtp|bp', got 'epoch " + network + " " + rule + "'");
        }
        return steps.computeIfAbsent(network + " " + rule, k -> {
            boolean drtp = rule.equals("drtp");
            if (network.equals("fc")) {
                Mlp net = new Mlp(root, new int[] {784, 1000, 1000, 10}, new TorchAdam(5e-4f));
                return drtp ? (s, xt) -> { net.attach(s); net.drtpStep(xt[0], xt[1], 0f); }
                        : (s, xt) -> { net.attach(s); net.bpStep(xt[0], xt[1], false); };
            }
            ConvNet net = new ConvNet(root, 5e-4f);
            return drtp ? (s, xt) -> { net.attach(s); net.drtpStep(xt[0], xt[1]); }
                    : (s, xt) -> { net.attach(s); net.bpStep(xt[0], xt[1]); };
        });
    }

    /** Seconds of one epoch of shuffled batches of 60. */
    private double epoch(BiConsumer<NDManager, NDArray[]> step, String name) {
        data.shuffle();
        long t0 = System.nanoTime();
        for (int start = 0; start < data.size; start += 60) {
            try (NDManager scratch = root.newSubManager()) {
                step.accept(scratch, data.batch(scratch, start, 60));
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        log(String.format(Locale.ROOT, "epoch %s: %.2f s", name, s));
        return s;
    }

    /** Samples/s of {@code examples} online DRTP steps, continuing through the data where the last request stopped. */
    private double online(int examples) {
        if (online == null) {
            online = new Mlp(root, new int[] {784, 500, 10}, null);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < examples; i++, onlineNext = (onlineNext + 1) % data.size) {
            try (NDManager scratch = root.newSubManager()) {
                online.attach(scratch);
                NDArray[] xt = data.batch(scratch, onlineNext, 1);
                online.drtpStep(xt[0], xt[1], 1e-2f);
            }
        }
        return examples / ((System.nanoTime() - t0) / 1e9);
    }

    private static void reply(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }

    private static void log(String message) {
        System.err.println("peer: " + message);
        System.err.flush();
    }
}
