package org.drtp.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data cache sizes of the processor the process runs on, read once from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache/index*} (level, type, size, the CPUs sharing it), with
 * defaults where that is missing (another OS, a container hiding it): 32 KiB L1d, 512 KiB L2, 8 MiB L3.
 *
 * <p>Why: the matrix multiply's packed column blocks ({@link BlockedGemm}, from L3) and the unpacked kernels'
 * loop order ({@link SmallGemm}, from L1d) follow the processor the jar runs on, AMD EPYC or Intel Xeon. Only
 * block sizes that never change a result are derived from them: the depth blocking, which sets the summation
 * order, stays fixed so that results do not depend on the machine.
 */
public record CacheSizes(long l1d, long l2, long l3, int l3Sharers) {

    static final CacheSizes DEFAULTS = new CacheSizes(32 << 10, 512 << 10, 8 << 20, 1);
    private static final Path SYS = Path.of("/sys/devices/system/cpu/cpu0/cache");
    private static final CacheSizes DETECTED = read(SYS);

    /** The sizes found at start-up (or the defaults). */
    public static CacheSizes detected() {
        return DETECTED;
    }

    /**
     * {@link #detected()} for logs and {@code drtp bench}, saying so when they are the defaults because the OS lists no
     * caches (some VMs' kernels have no {@code cpu0/cache} directory): then the blocking follows no measurement of this
     * processor.
     */
    public static String description() {
        return describe(DETECTED, SYS);
    }

    static String describe(CacheSizes sizes, Path dir) {
        return sizes + (Files.isDirectory(dir.resolve("index0")) ? "" : " (defaults: the OS lists no caches in " + dir + ")");
    }

    /** Reads a sysfs cache directory; defaults for whatever is missing or unreadable. */
    static CacheSizes read(Path dir) {
        long l1 = DEFAULTS.l1d, l2 = DEFAULTS.l2, l3 = DEFAULTS.l3;
        int sharers = DEFAULTS.l3Sharers;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) {
                continue;
            }
            try {
                String type = Files.readString(index.resolve("type")).trim();
                int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                long size = parseSize(Files.readString(index.resolve("size")).trim());
                if (type.equals("Instruction") || size <= 0) {
                    continue;
                }
                if (level == 1) {
                    l1 = size;
                } else if (level == 2) {
                    l2 = size;
                } else if (level == 3) {
                    l3 = size;
                    sharers = Math.max(1, countCpus(Files.readString(index.resolve("shared_cpu_list")).trim()));
                }
            } catch (IOException | RuntimeException e) {
                // keep the defaults for this level
            }
        }
        return new CacheSizes(l1, l2, l3, sharers);
    }

    /** "32K", "1024K", "32M" or a plain byte count. */
    static long parseSize(String s) {
        String t = s.toUpperCase(Locale.ROOT);
        long unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }

    /** Number of CPUs in a list such as "0-1", "0,2,4-7". */
    static int countCpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            String[] r = part.trim().split("-");
            n += r.length == 1 ? 1 : Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1;
        }
        return n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "L1d %d KiB, L2 %d KiB, L3 %d MiB / %d CPUs", l1d >> 10, l2 >> 10, l3 >> 20, l3Sharers);
    }
}
