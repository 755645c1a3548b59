package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSizesTest {

    @TempDir
    Path dir;

    private void index(int i, int level, String type, String size, String shared) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
    }

    @Test
    void readsLinuxSysfsLayout() throws IOException {
        index(0, 1, "Data", "48K", "0");
        index(1, 1, "Instruction", "32K", "0");
        index(2, 2, "Unified", "2048K", "0");
        index(3, 3, "Unified", "105M", "0-1,4,6-7");
        assertEquals(new CacheSizes(48 << 10, 2 << 20, 105L << 20, 5), CacheSizes.read(dir));
    }

    @Test
    void missingOrUnreadableLevelsKeepTheDefaults() throws IOException {
        index(0, 1, "Data", "32K", "0");
        index(2, 2, "Unified", "not a size", "0");
        CacheSizes c = CacheSizes.read(dir);
        assertEquals(CacheSizes.DEFAULTS, c);
        assertEquals(CacheSizes.DEFAULTS, CacheSizes.read(dir.resolve("nonexistent")));
    }

    @Test
    void theDescriptionSaysWhenTheSizesAreTheDefaults() throws IOException {
        Path none = dir.resolve("nonexistent");
        assertEquals(CacheSizes.DEFAULTS + " (defaults: the OS lists no caches in " + none + ")",
                CacheSizes.describe(CacheSizes.read(none), none));
        index(0, 1, "Data", "48K", "0");
        assertEquals(CacheSizes.read(dir).toString(), CacheSizes.describe(CacheSizes.read(dir), dir));
    }

    @Test
    void parsesSizesAndCpuLists() {
        assertEquals(512 << 10, CacheSizes.parseSize("512K"));
        assertEquals(32 << 20, CacheSizes.parseSize("32M"));
        assertEquals(4096, CacheSizes.parseSize("4096"));
        assertEquals(2, CacheSizes.countCpus("0-1"));
        assertEquals(1, CacheSizes.countCpus("3"));
    }
}
