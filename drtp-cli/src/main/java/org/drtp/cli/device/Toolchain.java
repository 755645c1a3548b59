package org.drtp.cli.device;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The external programs the firmware path needs, found on PATH: a host C compiler for the host build, and
 * Debian's Arm cross toolchain and QEMU for the Cortex-M4 build and its emulation (docs/on-device.md,
 * "Firmware and emulator").
 */
public record Toolchain(Optional<Path> hostCc, Optional<Path> armGcc, Optional<Path> armSize, Optional<Path> armNm,
                        Optional<Path> armObjdump, Optional<Path> qemu) {

    /** The Debian packages that provide the Cortex-M4 side. */
    public static final String ARM_PACKAGES = "gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm";

    public static Toolchain fromPath() {
        return new Toolchain(find("gcc").or(() -> find("cc")), find("arm-none-eabi-gcc"), find("arm-none-eabi-size"),
                find("arm-none-eabi-nm"), find("arm-none-eabi-objdump"), find("qemu-system-arm"));
    }

    /** True when the Cortex-M4 firmware can be built, measured and emulated. */
    public boolean hasArm() {
        return missingArm().isEmpty();
    }

    /** The missing Cortex-M4 programs. */
    public List<String> missingArm() {
        List<String> missing = new ArrayList<>();
        if (armGcc.isEmpty()) {
            missing.add("arm-none-eabi-gcc");
        }
        if (armSize.isEmpty() || armNm.isEmpty() || armObjdump.isEmpty()) {
            missing.add("arm-none-eabi-size/nm/objdump");
        }
        if (qemu.isEmpty()) {
            missing.add("qemu-system-arm");
        }
        return missing;
    }

    /** One line for a user: what is missing and what to install. */
    public String missingArmMessage() {
        return "no Cortex-M4 toolchain (" + String.join(", ", missingArm()) + " not found on PATH); install the Debian"
                + " packages: apt-get install " + ARM_PACKAGES;
    }

    public static final String NO_HOST_CC =
            "no host C compiler (neither gcc nor cc found on PATH); install the Debian package: apt-get install gcc";

    public Path requireHostCc() {
        return hostCc.orElseThrow(() -> new IllegalStateException(NO_HOST_CC));
    }

    static Path require(Optional<Path> tool, Toolchain toolchain) {
        return tool.orElseThrow(() -> new IllegalStateException(toolchain.missingArmMessage()));
    }

    private static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
