package org.drtp.cli.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flash and RAM of a linked firmware: the output sections as {@code arm-none-eabi-size -A} reports them, and,
 * from the linker's map, which input sections (one per function or variable: -ffunction-sections,
 * -fdata-sections) the exported learner contributes, so its own code, constants and variables can be told apart
 * from the harness's (docs/on-device.md, "Firmware and emulator").
 *
 * @param sections output section name to bytes ({@code .text}, {@code .rodata}, {@code .data}, {@code .bss},
 *                 {@code .stack}, ...)
 * @param learner  the learner's input sections that survived the link
 */
public record FirmwareSize(Map<String, Long> sections, List<Piece> learner) {

    /** One input section: e.g. {@code .text.drtp_learn} placed in {@code .text}, with its size. */
    public record Piece(String outputSection, String inputSection, long bytes) {

        /** The function or variable name (the input section's name after its kind). */
        public String symbol() {
            String s = inputSection.replaceFirst("^\\.(text|rodata|data|bss)\\.?", "");
            return s.isEmpty() ? inputSection : s;
        }
    }

    private static final Pattern MAP_ENTRY = Pattern.compile(
            "^ (\\.\\S+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+(\\S+)$", Pattern.MULTILINE);

    static FirmwareSize measure(Toolchain toolchain, Path elf, Path map, List<String> learnerObjects, Path workDir)
            throws IOException {
        return new FirmwareSize(Firmware.sections(toolchain, elf, workDir), learnerPieces(map, learnerObjects));
    }

    /** Bytes written to flash: code, constants and the initial values of initialised variables. */
    public long flashBytes() {
        return section(".text") + section(".rodata") + section(".ARM.exidx") + section(".data");
    }

    /** Bytes of RAM: initialised and zeroed variables and the reserved stack. */
    public long ramBytes() {
        return section(".data") + section(".bss") + section(".stack");
    }

    /** The learner's machine code (its functions only, without the harness). */
    public long learnerCodeBytes() {
        return learnerBytes(".text", s -> true);
    }

    /** The learner's bytes in one output section whose symbol matches. */
    public long learnerBytes(String outputSection, Predicate<String> symbol) {
        return learner.stream().filter(p -> p.outputSection().equals(outputSection) && symbol.test(p.symbol()))
                .mapToLong(Piece::bytes).sum();
    }

    public long section(String name) {
        return sections.getOrDefault(name, 0L);
    }

    /** Input sections from the learner's objects, read from the "Linker script and memory map" part of a map. */
    static List<Piece> learnerPieces(Path map, List<String> learnerObjects) throws IOException {
        String text = Files.readString(map);
        int start = text.indexOf("Linker script and memory map");
        // A long input section name is printed alone on its line, its address, size and file on the next.
        text = text.substring(Math.max(0, start)).replaceAll("(?m)^( \\.\\S+)\\n\\s+(0x)", "$1 $2");
        List<Piece> pieces = new ArrayList<>();
        String output = "";
        for (String line : text.split("\n")) {
            if (line.startsWith(".")) {
                output = line.split("\\s+")[0];
                continue;
            }
            Matcher m = MAP_ENTRY.matcher(line);
            if (m.find() && learnerObjects.contains(m.group(3))) {
                long bytes = Long.parseLong(m.group(2), 16);
                if (bytes > 0) {
                    pieces.add(new Piece(output, m.group(1), bytes));
                }
            }
        }
        return pieces;
    }
}
