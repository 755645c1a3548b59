package org.drtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.drtp.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using the library" example compiles as it is written, as a user's module would: its imports go on
 * top of a class, its statements into a method, and javac compiles that in a module that {@code requires
 * org.drtp.core} against the module's compiled classes. A package the descriptor does not export to everyone
 * fails the compilation, as it would for a user (docs/modules.md).
 */
class ReadmeExampleTest {

    @TempDir
    Path out;

    static String example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Using the library");
        assertTrue(section >= 0, "README.md has no 'Using the library' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    /** Compiles {@code snippet} (imports, then statements) in a user module; the compiler's messages, or null. */
    private String compileAsUserModule(String snippet) throws IOException {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : snippet.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        assertTrue(imports.length() > 0 && body.length() > 0, snippet);
        Path src = Files.createDirectories(out.resolve("src"));
        Path moduleInfo = Files.writeString(src.resolve("module-info.java"),
                "module readme.example {\n    requires org.drtp.core;\n}\n");
        Path example = Files.writeString(Files.createDirectories(src.resolve("example")).resolve("ReadmeExample.java"),
                "package example;\n\n" + imports
                        + "\nclass ReadmeExample {\n    static void run() throws Exception {\n" + body + "    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        List<String> options = List.of("--module-path", modulePath(), "-d", out.resolve("classes").toString(),
                "-Xlint:all");
        var files = javac.getStandardFileManager(null, null, null).getJavaFileObjects(moduleInfo, example);
        boolean ok = javac.getTask(messages, null, null, options, null, files).call();
        String rest = messages.toString().replace(INCUBATING, "").strip();
        return ok ? rest : "FAILED " + messages + "\n" + Files.readString(example);
    }

    /**
     * The one warning every module that requires org.drtp.core gets from javac, and that a user cannot avoid: javac
     * resolves core's {@code requires static jdk.incubator.vector} and says so (docs/modules.md).
     */
    private static final String INCUBATING = "warning: using incubating module(s): jdk.incubator.vector\n1 warning";

    /**
     * drtp-core's compiled classes and its dependencies, as this test JVM found them: Surefire runs the tests
     * inside the module (the test classes patched in), so the module path holds no test class.
     */
    private static String modulePath() {
        assertEquals("org.drtp.core", Network.class.getModule().getName(),
                "the tests must run on the module path (Surefire does when module-info.java exists)");
        String path = System.getProperty("jdk.module.path");
        assertTrue(path != null && !path.isBlank(), "no jdk.module.path");
        return path;
    }

    @Test
    void usingTheLibraryExampleCompilesInAUserModule() throws IOException {
        assertEquals("", compileAsUserModule(example()));
    }

    /** The check can fail: a package exported only to drtp's own modules is not visible to a user's module. */
    @Test
    void aPackageNotExportedToUsersFailsToCompile() throws IOException {
        String messages = compileAsUserModule("import org.drtp.device.Precision;\n\nSystem.out.println(Precision.class);\n");
        assertTrue(messages.startsWith("FAILED"), messages);
        assertTrue(messages.contains("package org.drtp.device is declared in module org.drtp.core, which does not export it"),
                messages);
        assertFalse(messages.contains("cannot find symbol"), messages);
    }
}
