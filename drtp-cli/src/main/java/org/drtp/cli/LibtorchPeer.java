package org.drtp.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.drtp.cli.bench.Peer;

/**
 * The libtorch peer ({@code drtp-peer-libtorch}: PyTorch 2.7.1's official CPU build through DJL, built only with the
 * Maven profile {@code libtorch}) as a child JVM that loads libtorch once and then answers one measurement per
 * request, so that the bench alternates drtp's and the peer's measurements round by round. The protocol (the peer's
 * {@code org.drtp.peer.LibtorchPeer} documents it): the child prints {@code ready ENGINE}, then answers each request
 * line ({@code online N}, {@code epoch fc|conv drtp|bp}, {@code gemm MxNxK:TT SECONDS}, {@code quit}) with one line,
 * {@code ok NUMBER} or {@code error MESSAGE}; other stdout lines and all of stderr are progress. The child runs
 * offline: DJL's offline mode and telemetry opt-out are set on its command line and in its environment, and its
 * natives are unpacked next to its jar.
 */
final class LibtorchPeer implements Peer, AutoCloseable {

    static final String BUILD = "mvn -B -q -Plibtorch -pl drtp-peer-libtorch package";
    private static final Path JAR = Path.of("drtp-peer-libtorch", "target", "drtp-peer-libtorch.jar");

    private final Process process;
    private final Writer requests;
    private final BufferedReader replies;
    private final Thread progress;
    private final Consumer<String> log;
    private final String engine;

    /** Starts {@code command}, a program speaking the peer's protocol, and waits for its {@code ready} line. */
    LibtorchPeer(ProcessBuilder command, Consumer<String> log) throws IOException {
        this.log = log;
        process = command.start();
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        progress = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(log);
            } catch (IOException | java.io.UncheckedIOException e) {
                log.accept("libtorch peer: " + e.getMessage());
            }
        });
        progress.setDaemon(true);
        progress.start();
        try {
            String ready = nextReply("start");
            if (!ready.startsWith("ready ")) {
                throw new IOException("the libtorch peer: expected 'ready ENGINE' first, got '" + ready + "'");
            }
            engine = ready.substring("ready ".length());
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Starts the peer's jar with {@code threads} compute threads on {@code train} synthetic examples, offline. */
    static LibtorchPeer start(Path jar, int threads, int train, boolean cpuClock, Consumer<String> log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path cache = jar.toAbsolutePath().getParent().resolve("djl-cache");
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-DENGINE_CACHE_DIR=" + cache, "-jar", jar.toString(), "--threads", Integer.toString(threads),
                "--train", Integer.toString(train)));
        if (cpuClock) {
            cmd.add("--cpu-clock");
        }
        log.accept("libtorch peer: " + String.join(" ", cmd.subList(cmd.indexOf("--threads"), cmd.size())));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return new LibtorchPeer(pb, log);
    }

    /** The peer's jar: {@code --peer-jar}, else the module's build output under the drtp home (or here). */
    static Path locate(Path given) {
        if (given != null) {
            return given;
        }
        String home = System.getProperty("drtp.home");
        return (home != null ? Path.of(home) : Path.of("")).resolve(JAR);
    }

    /** Throws a usage error when the jar is missing, saying how to build it. */
    static void check(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new Errors.UsageException("--peer libtorch: " + jar + " not found: build it once with `" + BUILD
                    + "` (downloads ~130 MB from Maven Central) or give --peer-jar PATH");
        }
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public double onlineSamplesPerSecond(int examples) throws IOException {
        return request("online " + examples);
    }

    @Override
    public double epochSeconds(String network, String rule) throws IOException {
        return request("epoch " + network + " " + rule);
    }

    @Override
    public double gemmGflops(String shape, double seconds) throws IOException {
        return request(String.format(Locale.ROOT, "gemm %s %.4f", shape, seconds));
    }

    /** Sends one request and returns the number of its {@code ok} reply. */
    double request(String request) throws IOException {
        try {
            requests.write(request + "\n");
            requests.flush();
        } catch (IOException e) {
            throw stopped(request);
        }
        return parseReply(request, nextReply(request));
    }

    /**
     * The number of an {@code ok NUMBER} reply to {@code request}; an {@code error MESSAGE} reply, or anything else,
     * is an IOException naming the request.
     */
    static double parseReply(String request, String line) throws IOException {
        if (line.startsWith("ok ")) {
            try {
                return Double.parseDouble(line.substring(3).strip());
            } catch (NumberFormatException e) {
                throw new IOException("the libtorch peer answered '" + line + "' to '" + request + "' (expected ok NUMBER)");
            }
        }
        if (line.startsWith("error ")) {
            throw new IOException("the libtorch peer failed on '" + request + "': " + line.substring(6).strip());
        }
        throw new IOException("the libtorch peer answered '" + line + "' to '" + request + "' (expected ok NUMBER or error MESSAGE)");
    }

    /** The next protocol line ({@code ready}, {@code ok}, {@code error}); other stdout lines are passed to the log. */
    private String nextReply(String request) throws IOException {
        for (String line = replies.readLine(); line != null; line = replies.readLine()) {
            if (line.startsWith("ready ") || line.startsWith("ok ") || line.startsWith("error ")) {
                return line;
            }
            log.accept("libtorch peer: " + line);
        }
        throw stopped(request);
    }

    private IOException stopped(String request) {
        String exit;
        try {
            exit = process.waitFor(10, TimeUnit.SECONDS) ? "exit " + process.exitValue() : "still running";
            progress.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "interrupted";
        }
        return new IOException("the libtorch peer stopped (" + exit + ") during '" + request + "'; its messages are above");
    }

    /** Asks the peer to quit; ends it if it does not within 30 s. */
    @Override
    public void close() {
        try {
            requests.write("quit\n");
            requests.flush();
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            progress.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
