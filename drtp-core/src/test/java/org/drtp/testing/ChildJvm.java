package org.drtp.testing;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path on which a child JVM runs what this test JVM runs. Surefire runs the tests inside the module
 * (docs/modules.md): its classes and module dependencies are on {@code jdk.module.path}, the test classes are
 * patched into the module (a location no system property names), the test-only libraries are on
 * {@code java.class.path}. A child JVM gets all three on its class path, the way the runnable jar runs drtp.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The class path holding {@code testClass}'s directory (or jar), the module path and the class path. */
    public static String classPath(Class<?> testClass) {
        Set<String> parts = new LinkedHashSet<>();
        parts.add(locationOf(testClass));
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property, "");
            for (String p : value.split(File.pathSeparator)) {
                if (!p.isEmpty()) {
                    parts.add(p);
                }
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    /** The directory or jar {@code c} was loaded from, found through its own class file. */
    private static String locationOf(Class<?> c) {
        String file = c.getName().replace('.', '/') + ".class";
        String s = c.getResource("/" + file).toString();
        String root = s.startsWith("jar:") ? s.substring(4, s.indexOf("!/")) : s.substring(0, s.length() - file.length());
        return Path.of(URI.create(root)).toString();
    }
}
