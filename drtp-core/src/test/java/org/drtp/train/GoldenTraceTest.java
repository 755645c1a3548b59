package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.drtp.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden traces: 15 short training runs recorded with the authors' PyTorch code (every rule on an FC and a
 * CONV network with Adam, plus DFA with NAG and CE on raw outputs, DRTP with the reference's SGD, MSE and
 * sigmoid hidden units, BP with RMSprop and ReLU; see {@code src/test/resources/golden/reference-steps/README.md}),
 * replayed by {@link GoldenTraces} with both kernel implementations. The kernels are chosen once per process,
 * so this JVM's (the Vector API ones: Surefire starts it with the module) are checked case by case here, and
 * the plain-Java ones in a child JVM started with {@code -Ddrtp.kernels=plain}.
 */
class GoldenTraceTest {

    static List<Path> cases() throws IOException {
        return GoldenTraces.files(directory());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReferenceAfterEveryStepWithThisJvmsKernels(Path file) {
        assertTrue(Kernels.description().startsWith("vector"), "expected the vector kernels here: " + Kernels.description());
        System.out.println(GoldenTraces.report(file, GoldenTraces.check(file)));
    }

    @Test
    void matchesTheReferenceAfterEveryStepWithThePlainKernels() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = location(Kernels.class) + File.pathSeparator + location(GoldenTraces.class)
                + File.pathSeparator + location(com.fasterxml.jackson.core.JsonFactory.class); // core's one dependency
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Ddrtp.kernels=plain", "-cp",
                classpath, GoldenTraces.class.getName(), directory().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.endsWith("done\n") || out.endsWith("done\r\n"), out);
        long plain = out.lines().filter(l -> l.startsWith("golden ") && l.contains("kernels=plain (drtp.kernels=plain)")).count();
        assertEquals(GoldenTraces.CASES, plain, out);
    }

    private static Path directory() {
        try {
            return Path.of(GoldenTraceTest.class.getClassLoader().getResource(GoldenTraces.DIR).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
