package org.drtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Using the library" example compiles as it is written against drtp-core: its imports go on
 * top of a class, its statements into a method, and javac compiles that with the module's classpath.
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

    @Test
    void usingTheLibraryExampleCompiles() throws IOException {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : example().split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        assertTrue(imports.length() > 0 && body.length() > 0, example());
        String source = imports + "\nclass ReadmeExample {\n    static void run() throws Exception {\n" + body + "    }\n}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///ReadmeExample.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "-d", out.toString(), "-Xlint:deprecation", "-Werror"));
        boolean ok = javac.getTask(messages, null, null, options, null, List.of(file)).call();
        assertTrue(ok, messages + "\n" + source);
        assertEquals("", messages.toString().strip(), source);
    }
}
