package org.drtp.cli;

import picocli.CommandLine;

/** Version line from the jar manifest, with the Java runtime it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"drtp " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
