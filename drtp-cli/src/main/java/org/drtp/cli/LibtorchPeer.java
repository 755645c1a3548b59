package org.drtp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the libtorch peer ({@code drtp-peer-libtorch}: PyTorch 2.7.1's official CPU build through DJL, built only
 * with the Maven profile {@code libtorch}) as a child JVM after drtp's own measurements, and reads the JSON object
 * it prints last. The child runs offline: DJL's offline mode and telemetry opt-out are set on its command line and
 * in its environment, and its natives are unpacked next to its jar.
 */
final class LibtorchPeer {

    static final String BUILD = "mvn -B -q -Plibtorch -pl drtp-peer-libtorch package";
    private static final Path JAR = Path.of("drtp-peer-libtorch", "target", "drtp-peer-libtorch.jar");

    private final Path jar;
    private final Consumer<String> log;

    LibtorchPeer(Path jar, Consumer<String> log) {
        this.jar = jar;
        this.log = log;
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
    void check() {
        if (!Files.isRegularFile(jar)) {
            throw new Errors.UsageException("--peer libtorch: " + jar + " not found: build it once with `" + BUILD
                    + "` (downloads ~130 MB from Maven Central) or give --peer-jar PATH");
        }
    }

    /** Runs the peer with {@code args} and returns its last stdout line as JSON; its progress goes to {@code log}. */
    JsonNode run(List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path cache = jar.toAbsolutePath().getParent().resolve("djl-cache");
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-DENGINE_CACHE_DIR=" + cache, "-jar", jar.toString()));
        cmd.addAll(args);
        log.accept("libtorch peer: " + String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        Thread progress = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(log);
            } catch (IOException | java.io.UncheckedIOException e) {
                log.accept("libtorch peer: " + e.getMessage());
            }
        });
        progress.setDaemon(true);
        progress.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(4, TimeUnit.HOURS) || p.exitValue() != 0) {
            progress.join(1000);
            throw new IOException("the libtorch peer failed (exit " + p.exitValue() + "); its messages are above");
        }
        progress.join(1000);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return new ObjectMapper().readTree(last);
    }
}
