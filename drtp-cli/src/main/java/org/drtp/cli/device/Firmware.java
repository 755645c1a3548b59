package org.drtp.cli.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drtp.device.CExport;

/**
 * Builds an exported learner (a directory of C99 sources with {@code drtp_learner.h}, from {@code drtp
 * export-c}) together with the harness in this package's resources: once for the host with its C compiler,
 * once for a Cortex-M4 (Debian's arm-none-eabi-gcc, soft float, no C library) to run under QEMU's
 * {@code mps2-an386}. Also measures the firmware and checks that the learner's machine code is integer only
 * (docs/on-device.md, "Firmware and emulator").
 */
public final class Firmware {

    private static final String RESOURCES = "/org/drtp/cli/device/firmware/";
    private static final List<String> HARNESS = List.of("harness_io.h", "harness.c", "io_host.c", "io_semihost.c",
            "startup.c", "mps2-an386.ld");
    private static final List<String> C_FLAGS = List.of("-std=c99", "-O2", "-Wall", "-Wextra");
    /** The target: Cortex-M4, Thumb-2, software floating point (no FPU instruction may be emitted). */
    public static final List<String> CORTEX_M4 = List.of("-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=soft");
    /** No C library (the harness brings its own memcpy/memset), unused functions and data dropped at link time. */
    private static final List<String> BARE_METAL = List.of("-ffreestanding", "-fno-tree-loop-distribute-patterns",
            "-ffunction-sections", "-fdata-sections");
    /** The only outside functions the learner may call: startup.c defines them. */
    private static final Set<String> ALLOWED_CALLS = Set.of("memcpy", "memset", "memmove", "memcmp");
    private static final Pattern DISASSEMBLY = Pattern.compile("^\\s*[0-9a-f]+:\\s+[0-9a-f ]+\\t(\\S+)");

    /** The board's flash and RAM as mps2-an386.ld lays them out (docs/on-device.md, "Memory layout"). */
    public static final long FLASH_BYTES = 4L << 20;
    public static final long RAM_BYTES = 4L << 20;
    /** RAM beside the export's: the reserved stack (mps2-an386.ld) and harness.c's prediction buffer and counters. */
    private static final long STACK_AND_HARNESS_RAM_BYTES = (4 << 10) + 256 + 64;
    /**
     * Flash beside the export's constants: the code of the learner, the harness and the startup, which does not grow
     * with the network (measured: the FC_100_FC_10 int8 firmware's flash minus the export's constants, 3,608 bytes),
     * taken twice over.
     */
    private static final long CODE_FLASH_BYTES = 8 << 10;

    /** Flash and RAM a firmware needs, estimated before building it. */
    public record Need(long flashBytes, long ramBytes) {
        public boolean fits() {
            return flashBytes <= FLASH_BYTES && ramBytes <= RAM_BYTES;
        }
    }

    /**
     * What the firmware of an export with these figures ({@link CExport#figures}) and {@code inputs} input values
     * (one byte each, harness.c's input buffer) needs: lets a network the board cannot hold be refused before the
     * build, instead of by the linker.
     */
    public static Need need(CExport.Figures export, int inputs) {
        return new Need(export.constBytes() + CODE_FLASH_BYTES, export.ramBytes() + STACK_AND_HARNESS_RAM_BYTES + inputs);
    }

    /** The built Cortex-M4 firmware and what arm-none-eabi-size and -nm say of it. */
    public record Elf(Path path, FirmwareSize size) {
    }

    private Firmware() {
    }

    /** Compiles the learner and the harness for the host; returns the executable. */
    public static Path buildHost(Toolchain toolchain, Path learnerDir, Path buildDir) throws IOException {
        Path harness = extractHarness(buildDir);
        Path exe = buildDir.resolve("host-harness");
        List<String> cmd = new ArrayList<>(List.of(toolchain.requireHostCc().toString()));
        cmd.addAll(C_FLAGS);
        cmd.addAll(List.of("-I" + harness, "-I" + learnerDir, "-o", exe.toString(),
                harness.resolve("io_host.c").toString(), harness.resolve("harness.c").toString()));
        cmd.addAll(learnerSources(learnerDir));
        Programs.runOrThrow(buildDir, cmd);
        return exe;
    }

    /**
     * Compiles and links the Cortex-M4 firmware; measures it; throws if the learner's code uses floating point,
     * division or any library call (the on-device arithmetic has none, docs/on-device.md).
     */
    public static Elf buildCortexM4(Toolchain toolchain, Path learnerDir, Path buildDir) throws IOException {
        Path harness = extractHarness(buildDir);
        Path gcc = Toolchain.require(toolchain.armGcc(), toolchain);
        List<String> flags = new ArrayList<>(C_FLAGS);
        flags.addAll(CORTEX_M4);
        flags.addAll(BARE_METAL);
        flags.addAll(List.of("-I" + harness, "-I" + learnerDir));

        Path objects = Files.createDirectories(buildDir.resolve("learner-objects"));
        List<String> learnerObjects = new ArrayList<>();
        for (String source : learnerSources(learnerDir)) {
            String name = Path.of(source).getFileName().toString().replaceAll("\\.c$", ".o");
            Path object = objects.resolve(name);
            List<String> cmd = new ArrayList<>(List.of(gcc.toString()));
            cmd.addAll(flags);
            cmd.addAll(List.of("-c", source, "-o", object.toString()));
            Programs.runOrThrow(buildDir, cmd);
            learnerObjects.add(object.toString());
        }
        List<String> violations = integerOnlyViolations(toolchain, learnerObjects, buildDir);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("the exported learner's Cortex-M4 code is not integer-only: "
                    + String.join("; ", violations.subList(0, Math.min(5, violations.size()))));
        }

        Path elf = buildDir.resolve("firmware.elf");
        List<String> cmd = new ArrayList<>(List.of(gcc.toString()));
        cmd.addAll(flags);
        Path map = buildDir.resolve("firmware.map");
        cmd.addAll(List.of("-nostdlib", "-T", harness.resolve("mps2-an386.ld").toString(), "-Wl,--gc-sections",
                "-Wl,-Map=" + map, "-o", elf.toString(), harness.resolve("startup.c").toString(),
                harness.resolve("io_semihost.c").toString(), harness.resolve("harness.c").toString()));
        cmd.addAll(learnerObjects);
        Programs.runOrThrow(buildDir, cmd);
        return new Elf(elf, FirmwareSize.measure(toolchain, elf, map, learnerObjects, buildDir));
    }

    /**
     * Floating-point (VFP) or division instructions, and references to anything but the memory functions and
     * each other's symbols, in the given objects: each as "file: what". Empty when the code is integer-only.
     */
    static List<String> integerOnlyViolations(Toolchain toolchain, List<String> objects, Path workDir)
            throws IOException {
        List<String> violations = new ArrayList<>();
        Path objdump = Toolchain.require(toolchain.armObjdump(), toolchain);
        Path nm = Toolchain.require(toolchain.armNm(), toolchain);
        java.util.Set<String> defined = new java.util.HashSet<>(ALLOWED_CALLS);
        for (String object : objects) {
            for (String line : Programs.runOrThrow(workDir, List.of(nm.toString(), "--defined-only", object)).split("\n")) {
                String[] f = line.trim().split("\\s+");
                defined.add(f[f.length - 1]);
            }
        }
        for (String object : objects) {
            String file = Path.of(object).getFileName().toString();
            for (String line : Programs.runOrThrow(workDir, List.of(objdump.toString(), "-d", object)).split("\n")) {
                Matcher m = DISASSEMBLY.matcher(line);
                if (m.find()) {
                    String mnemonic = m.group(1);
                    if (mnemonic.startsWith("v") || mnemonic.startsWith("sdiv") || mnemonic.startsWith("udiv")) {
                        violations.add(file + ": instruction '" + line.strip() + "'");
                    }
                }
            }
            for (String line : Programs.runOrThrow(workDir, List.of(nm.toString(), "-u", object)).split("\n")) {
                String symbol = line.strip().replaceFirst("^U\\s+", "");
                if (!symbol.isEmpty() && !defined.contains(symbol)) {
                    violations.add(file + ": calls " + symbol);
                }
            }
        }
        return violations;
    }

    private static List<String> learnerSources(Path learnerDir) throws IOException {
        if (!Files.isRegularFile(learnerDir.resolve("drtp_learner.h"))) {
            throw new IllegalArgumentException(learnerDir + ": no drtp_learner.h (expected the output of drtp export-c)");
        }
        try (Stream<Path> files = Files.list(learnerDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".c")).sorted().map(Path::toString).toList();
        }
    }

    /** Copies the harness sources out of the jar into {@code buildDir/harness}. */
    static Path extractHarness(Path buildDir) throws IOException {
        Path dir = Files.createDirectories(buildDir.resolve("harness"));
        for (String name : HARNESS) {
            try (InputStream in = Firmware.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("harness source " + name + " missing from the jar"));
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /** Sizes of the ELF's sections, as {@code arm-none-eabi-size -A} prints them. */
    static Map<String, Long> sections(Toolchain toolchain, Path elf, Path workDir) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        String out = Programs.runOrThrow(workDir, List.of(Toolchain.require(toolchain.armSize(), toolchain).toString(),
                "-A", elf.toString()));
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].startsWith(".") && f[1].matches("\\d+")) {
                sizes.put(f[0], Long.parseLong(f[1]));
            }
        }
        return sizes;
    }
}
