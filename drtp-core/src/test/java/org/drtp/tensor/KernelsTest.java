package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kernel selection: {@code drtp.kernels} and {@code drtp.threads}, and the fallback of a JVM started
 * without {@code --add-modules jdk.incubator.vector} (checked in a child JVM running {@link KernelsProbe}).
 */
class KernelsTest {

    @Test
    void selectsByNameCaseInsensitively() {
        assertInstanceOf(PlainGemm.class, Kernels.select("plain"));
        assertInstanceOf(VectorGemm.class, Kernels.select(" Vector "));
        // The test JVM runs with the module (Surefire's argLine), so auto takes the fast path.
        assertTrue(Kernels.vectorModulePresent());
        assertInstanceOf(VectorGemm.class, Kernels.select("auto"));
        assertNotNull(Kernels.vectorActivations());
    }

    @Test
    void rejectsUnknownKernelNamesListingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.select("blas"));
        assertTrue(e.getMessage().contains("auto, plain or vector"), e.getMessage());
    }

    @Test
    void describesTheChosenKernels() {
        Gemm saved = Kernels.gemm();
        try {
            Kernels.setGemm(new VectorGemm(2));
            assertTrue(Kernels.description().startsWith("vector (2 threads, "), Kernels.description());
            Kernels.setGemm(Kernels.select("plain"));
            assertEquals("plain (drtp.kernels=plain)", Kernels.description());
        } finally {
            Kernels.setGemm(saved);
        }
    }

    @Test
    void readsTheThreadCountProperty() {
        String saved = System.getProperty("drtp.threads");
        try {
            System.clearProperty("drtp.threads");
            assertEquals(Runtime.getRuntime().availableProcessors(), Kernels.threads());
            System.setProperty("drtp.threads", " 3 ");
            assertEquals(3, Kernels.threads());
            System.setProperty("drtp.threads", "0");
            assertThrows(IllegalArgumentException.class, Kernels::threads);
            System.setProperty("drtp.threads", "many");
            assertThrows(IllegalArgumentException.class, Kernels::threads);
        } finally {
            if (saved == null) {
                System.clearProperty("drtp.threads");
            } else {
                System.setProperty("drtp.threads", saved);
            }
        }
    }

    @Test
    void aJvmWithoutTheVectorModuleFallsBackToPlainAndSaysHowToEnableIt() throws Exception {
        String out = runProbe();
        assertTrue(out.contains("description=plain (jdk.incubator.vector not enabled: run java with --add-modules jdk.incubator.vector)"), out);
        assertTrue(out.contains("gemm=plain"), out);
        assertTrue(out.contains("computed=ok"), out);
    }

    @Test
    void askingForVectorKernelsWithoutTheModuleIsAClearError() throws Exception {
        String out = runProbe("-Ddrtp.kernels=vector");
        assertTrue(out.contains("error=drtp.kernels=vector but the Vector API module jdk.incubator.vector is not enabled: "
                + "run java with --add-modules jdk.incubator.vector"), out);
    }

    /** Runs {@link KernelsProbe} in a JVM without {@code --add-modules}; returns its output. */
    private static String runProbe(String... jvmArgs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = location(Kernels.class) + File.pathSeparator + location(KernelsProbe.class);
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-cp", classpath, KernelsProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM did not finish");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
