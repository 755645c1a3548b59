package org.drtp.cli;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command that runs this build's CLI in a child JVM, as {@code ./drtp} runs the jar: on the class path, with the
 * Vector API. Surefire runs the tests inside the module (docs/modules.md): the main classes and module dependencies
 * are on {@code jdk.module.path}, the test classes are patched into the module (a location no system property
 * names), the test-only libraries are on {@code java.class.path}; the child gets all three on its class path.
 * (drtp-core's tests have the same helper, org.drtp.testing.ChildJvm: test classes are not shared between modules.)
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java --add-modules jdk.incubator.vector -cp ... org.drtp.cli.Main}; append the CLI's arguments. */
    static List<String> drtp() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", classPath(), Main.class.getName()));
    }

    static String classPath() {
        Set<String> parts = new LinkedHashSet<>();
        String self = ChildJvm.class.getName().replace('.', '/') + ".class";
        String url = ChildJvm.class.getResource("/" + self).toString();
        parts.add(Path.of(URI.create(url.substring(0, url.length() - self.length()))).toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            for (String p : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
