package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drtp.cli.CliRun.Result;
import org.drtp.cli.device.Toolchain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drtp device-demo}: the figures a newcomer sees, its refusals, and its behaviour without the Arm toolchain. */
class DeviceDemoCommandTest {

    private static final List<String> SMALL = List.of("device-demo", "--topology", "FC_20_FC_10", "--train", "2000",
            "--test", "500", "--json");

    @TempDir
    Path dir;

    private static JsonNode lastLine(String out) throws Exception {
        List<String> lines = out.lines().toList();
        return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }

    private static Set<String> demoTempDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("drtp-device-demo-"))
                    .collect(Collectors.toSet());
        }
    }

    /**
     * No work directory of ours is left behind. Only new names count: another process on the machine may remove its
     * own {@code drtp-device-demo-*} directory while this test runs.
     */
    private static void assertNoNewDemoDirs(Set<String> before) throws Exception {
        Set<String> added = new java.util.TreeSet<>(demoTempDirs());
        added.removeAll(before);
        assertTrue(added.isEmpty(), "work files left behind: " + added);
    }

    @Test
    void printsAccuracyFirmwareAndInstructionFiguresAsJson() throws Exception {
        Set<String> before = demoTempDirs();
        Result r = run(SMALL);
        assertEquals(0, r.code(), r.err());
        JsonNode j = lastLine(r.out());
        assertEquals("FC_20_FC_10", j.get("topology").asText());
        assertEquals("int8", j.get("precision").asText());
        for (String key : List.of("float_prequential_accuracy", "int_prequential_accuracy", "float_test_accuracy",
                "int_test_accuracy")) {
            // 2,000 digits into a first pass: well above chance (10 %), far from converged.
            assertTrue(j.get(key).asDouble() > 25 && j.get(key).asDouble() <= 100, key + " = " + j.get(key));
        }
        assertTrue(j.get("host_c_bit_exact").asBoolean());
        boolean arm = Toolchain.fromPath().hasArm();
        assertEquals(arm, j.get("bit_exact").asBoolean());
        if (arm) {
            // 784 x 20 + 20 x 10 int8 weights and int32 biases: the initial values in flash, the learned ones in RAM.
            assertEquals(784 * 20 + 200 + 4 * 30, j.get("initial_weight_bytes").asLong());
            assertTrue(j.get("firmware_ram_bytes").asLong() > 784 * 20 + 200 + 4 * 30);
            assertTrue(j.get("firmware_code_bytes").asLong() < 32 * 1024);
            long learn = j.get("instructions_per_learn").asLong();
            long predict = j.get("instructions_per_predict").asLong();
            assertTrue(predict > 784 * 20 && learn > predict && learn < 3 * predict, learn + " vs " + predict);
            assertTrue(r.out().contains("bit-exact with Java and host C"), r.out());
        }
        assertNoNewDemoDirs(before);
    }

    @Test
    void badTopologyOrPrecisionIsOneLineAndLeavesNothing() throws Exception {
        Set<String> before = demoTempDirs();
        for (List<String> args : List.of(List.of("device-demo", "--topology", "CONV_8_5_1_2_FC_10"),
                List.of("device-demo", "--topology", "FC_x_FC_10"), List.of("device-demo", "--precision", "float32"),
                List.of("device-demo", "--feedback", "rom"), List.of("device-demo", "--train", "9000"))) {
            Result r = run(args);
            assertEquals(2, r.code(), args + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("drtp device-demo: "), r.err());
        }
        assertNoNewDemoDirs(before);
    }

    /** Mistakes found before any work: no test digit, a topology not ending in 10 classes, a network too big for the board. */
    @Test
    void zeroTestDigitsAWrongClassCountOrATooBigNetworkAreUsageErrorsBeforeAnyWork() throws Exception {
        Set<String> before = demoTempDirs();
        assertUsageError(run("device-demo", "--train", "5", "--test", "0"), "--test: expected 1..2000, got 0");
        assertUsageError(run("device-demo", "--train", "5", "--test", "5", "--topology", "FC_100_FC_5"),
                "--topology", "5 units", "10 classes");
        // 784 x 8000 int8 weights: 6.3 MB initial weights in flash and as many learned in RAM, on a 4 MiB board
        assertUsageError(run("device-demo", "--train", "5", "--test", "5", "--topology", "FC_8000_FC_10"),
                "--topology FC_8000_FC_10", "bytes of flash", "bytes of RAM", "has 4,194,304 of flash and 4,194,304 of RAM");
        assertNoNewDemoDirs(before);
    }

    private static void assertUsageError(Result r, String... mentions) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().isEmpty(), r.out());
        r.assertOneLineNaming(mentions);
    }

    /** Without arm-none-eabi-gcc and QEMU on PATH: names the Debian packages and still checks the host C. */
    @Test
    void withoutTheArmToolchainSaysWhatToInstallAndRunsTheHostPart() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // A machine with the host compiler and its assembler and linker, but no Arm tools.
        Path gcc = Toolchain.fromPath().requireHostCc();
        Files.createSymbolicLink(bin.resolve("gcc"), gcc.toRealPath());
        for (String tool : List.of("as", "ld")) {
            Files.createSymbolicLink(bin.resolve(tool), gcc.resolveSibling(tool).toRealPath());
        }
        List<String> cmd = ChildJvm.drtp();
        cmd.addAll(SMALL);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), Files.readString(dir.resolve("err.txt")));
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(err.contains("apt-get install " + Toolchain.ARM_PACKAGES) && err.contains("host-C parts only"), err);
        JsonNode j = lastLine(out);
        assertTrue(j.get("host_c_bit_exact").asBoolean());
        assertEquals(false, j.get("bit_exact").asBoolean());
        assertTrue(j.get("instructions_per_learn").isNull() && j.get("firmware_ram_bytes").isNull());
    }
}
