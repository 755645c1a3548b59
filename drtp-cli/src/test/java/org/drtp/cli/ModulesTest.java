package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the exports honest as packages are added: every package of every module is in the table of
 * docs/modules.md (one decision per package: exported to everyone, to named drtp modules, or to nobody), and that
 * decision is what the module's {@code module-info.java} says. A package added without a decision, or an export
 * forgotten in a merge, fails here with the package and the file to edit.
 */
class ModulesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent(); // tests run in drtp-cli/
    private static final String EVERYONE = "everyone";
    private static final String NOBODY = "nobody";

    /** A package's row: its module and who it is exported to ("everyone", "nobody" or module names). */
    record Row(String module, Set<String> to) {
    }

    /** One module-info.java: its module name and its exports, package to targets (empty set: everyone). */
    record Descriptor(String name, Map<String, Set<String>> exports) {
    }

    @Test
    void everyPackageIsInTheTableAndTheDescriptorsAgreeWithIt() throws IOException {
        Map<String, Row> table = table();
        Map<String, String> packages = new TreeMap<>(); // package -> module, from the sources
        for (Path dir : moduleDirs()) {
            Path info = dir.resolve("src/main/java/module-info.java");
            assertTrue(Files.exists(info), ROOT.relativize(dir) + " has no src/main/java/module-info.java");
            Descriptor d = parse(Files.readString(info));
            Set<String> own = sourcePackages(dir.resolve("src/main/java"));
            for (String p : own) {
                packages.put(p, d.name());
                Row row = table.get(p);
                assertTrue(row != null, "package " + p + " (" + ROOT.relativize(dir) + ") is not in docs/modules.md: decide"
                        + " who may use it (everyone, drtp modules, nobody), add its row there and the matching exports"
                        + " line to " + ROOT.relativize(info));
                assertEquals(row.module(), d.name(), "docs/modules.md puts " + p + " in the wrong module");
                assertEquals(row.to(), exportedTo(d, p), "package " + p + ": docs/modules.md says exported to "
                        + row.to() + ", " + ROOT.relativize(info) + " says " + exportedTo(d, p) + "; make them agree");
            }
            assertTrue(own.containsAll(d.exports().keySet()), ROOT.relativize(info) + " exports a package with no sources: "
                    + d.exports().keySet());
        }
        Set<String> stale = new TreeSet<>(table.keySet());
        stale.removeAll(packages.keySet());
        assertEquals(Set.of(), stale, "docs/modules.md lists packages that no module has");
    }

    /** The parser above reads module-info.java as javac does: checked against the compiled descriptors at hand. */
    @Test
    void theParsedDescriptorsAreTheCompiledOnes() throws IOException {
        int checked = 0;
        for (Path dir : moduleDirs()) {
            Descriptor d = parse(Files.readString(dir.resolve("src/main/java/module-info.java")));
            var module = ModuleLayer.boot().findModule(d.name());
            if (module.isEmpty()) {
                continue; // drtp-bench and the libtorch peer are not dependencies of the CLI
            }
            Map<String, Set<String>> compiled = new TreeMap<>();
            for (ModuleDescriptor.Exports e : module.get().getDescriptor().exports()) {
                compiled.put(e.source(), new TreeSet<>(e.targets()));
            }
            assertEquals(new TreeMap<>(d.exports()), compiled, d.name());
            checked++;
        }
        assertEquals(3, checked, "org.drtp.core, org.drtp.experiments and org.drtp.cli must be on the test's module path");
    }

    private static Set<String> exportedTo(Descriptor d, String pkg) {
        Set<String> targets = d.exports().get(pkg);
        if (targets == null) {
            return Set.of(NOBODY);
        }
        return targets.isEmpty() ? Set.of(EVERYONE) : targets;
    }

    private static List<Path> moduleDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            List<Path> modules = dirs.filter(d -> d.getFileName().toString().startsWith("drtp-"))
                    .filter(d -> Files.isDirectory(d.resolve("src/main/java"))).sorted().collect(Collectors.toList());
            assertTrue(modules.size() >= 4, "found only " + modules);
            return modules;
        }
    }

    /** Directories under {@code src} holding a .java file other than module-info.java, as package names. */
    private static Set<String> sourcePackages(Path src) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.java"))
                    .map(f -> src.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static final Pattern MODULE = Pattern.compile("\\bmodule\\s+([\\w.]+)\\s*\\{");
    private static final Pattern EXPORTS = Pattern.compile("\\bexports\\s+([\\w.]+)\\s*(?:to\\s+([\\w.,\\s]+?))?\\s*;");

    static Descriptor parse(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Matcher m = MODULE.matcher(code);
        assertTrue(m.find(), "no module declaration in\n" + source);
        Map<String, Set<String>> exports = new TreeMap<>();
        Matcher e = EXPORTS.matcher(code);
        while (e.find()) {
            Set<String> to = e.group(2) == null ? Set.of()
                    : Arrays.stream(e.group(2).split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
            exports.put(e.group(1), to);
        }
        return new Descriptor(m.group(1), exports);
    }

    /** The rows of the package table of docs/modules.md: | `package` | `module` | exported to | why |. */
    private static Map<String, Row> table() throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        Pattern row = Pattern.compile("^\\|\\s*`(org\\.drtp[\\w.]*)`\\s*\\|\\s*`([\\w.]+)`\\s*\\|\\s*([^|]+?)\\s*\\|");
        for (String line : Files.readAllLines(ROOT.resolve("docs/modules.md"))) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                Set<String> to = Arrays.stream(m.group(3).split(",")).map(String::strip)
                        .collect(Collectors.toCollection(TreeSet::new));
                Row previous = rows.put(m.group(1), new Row(m.group(2), to));
                assertEquals(null, previous, "docs/modules.md lists " + m.group(1) + " twice");
            }
        }
        assertTrue(rows.size() > 15, "docs/modules.md: found only " + rows.keySet());
        return rows;
    }
}
