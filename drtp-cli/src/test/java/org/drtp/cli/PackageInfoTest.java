package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every main package of every module says what it is for in a {@code package-info.java}. */
class PackageInfoTest {

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent(); // tests run in drtp-cli/
        List<Path> packages;
        try (Stream<Path> files = Files.walk(root, 12)) {
            packages = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .filter(p -> root.relativize(p).toString().matches("drtp-[a-z]+/src/main/java/.*"))
                    .map(Path::getParent).distinct().sorted().collect(Collectors.toList());
        }
        assertTrue(packages.size() > 15, "found only " + packages);
        List<Path> missing = packages.stream().filter(d -> !Files.exists(d.resolve("package-info.java")))
                .map(root::relativize).collect(Collectors.toList());
        assertEquals(List.of(), missing, "packages without package-info.java");
    }
}
