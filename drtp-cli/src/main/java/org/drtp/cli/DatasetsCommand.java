package org.drtp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.drtp.data.Cifar10Format;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.MnistFormat;
import org.drtp.cli.download.DatasetDownloads;
import org.drtp.cli.download.DownloadListener;
import org.drtp.cli.download.Downloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code drtp datasets list|download}: where the datasets are, and fetching the ones that can be downloaded. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List the datasets drtp knows, or download MNIST and CIFAR-10.",
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.DownloadCommand.class})
public final class DatasetsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code drtp datasets list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show each dataset, where it is looked for"
            + " and whether it is there.")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.format(Locale.ROOT, "%-14s %-8s %s", "dataset", "status", "location / how to get it"));
            for (String id : DatasetCatalog.ids()) {
                out.println(row(id));
            }
            out.println("Downloads go to " + DatasetCatalog.userDataDir() + " (set DRTP_DATA to change it);"
                    + " any dataset can also be read from --data-dir DIR.");
            out.flush();
            return 0;
        }

        private static String row(String id) {
            return switch (id) {
                case "mnist-10k" -> line(id, true, "embedded in drtp (8k train / 2k test MNIST digits)");
                case "mnist" -> downloadable(id, MnistFormat.isPresent(DatasetDownloads.defaultDirectory(id)));
                case "cifar10" -> downloadable(id, Cifar10Format.isPresent(DatasetDownloads.defaultDirectory(id)));
                case "fashion-mnist" -> {
                    Path debian = Path.of("/usr/share/datasets/fashion-mnist");
                    Path user = DatasetCatalog.userDataDir().resolve(id);
                    boolean inDebian = MnistFormat.isPresent(debian);
                    yield line(id, inDebian || MnistFormat.isPresent(user), (inDebian ? debian : user)
                            + (inDebian ? "" : "  (apt-get install dataset-fashion-mnist)"));
                }
                default -> line(id, true, "registered by the application");
            };
        }

        private static String downloadable(String id, boolean present) {
            return line(id, present, DatasetDownloads.defaultDirectory(id)
                    + (present ? "" : "  (./drtp datasets download " + id + ")"));
        }

        private static String line(String id, boolean present, String where) {
            return String.format(Locale.ROOT, "%-14s %-8s %s", id, present ? "present" : "missing", where);
        }
    }

    /** {@code drtp datasets download NAME [--dir DIR]}. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Download a dataset from its official source, verify its published checksum and unpack it.",
                    "An interrupted download resumes where it stopped when run again."})
    static final class DownloadCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "mnist or cifar10.")
        String name;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Directory to put the files in (default: the place the dataset is looked for,"
                        + " DRTP_DATA or ~/.drtp/data, then the dataset name). Train from it with --data-dir DIR.")
        Path dir;

        @Override
        public Integer call() {
            DatasetDownloads.Source source = DatasetDownloads.source(name);
            PrintWriter err = spec.commandLine().getErr();
            err.println(source.id() + ": " + source.description());
            err.flush();
            Path where = DatasetDownloads.download(source, dir, Downloader.create(), new Progress(err));
            PrintWriter out = spec.commandLine().getOut();
            out.println(source.id() + " is ready in " + where + "; train on it with --dataset " + source.id()
                    + (dir == null ? "" : " --data-dir " + where));
            out.flush();
            return 0;
        }
    }

    /** Messages on standard error; byte progress every 10 % (rewritten in place on a terminal). */
    private static final class Progress implements DownloadListener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private int lastTenth = -1;
        private long lastUpdate;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void message(String text) {
            if (terminal && lastTenth >= 0) {
                err.println();
            }
            lastTenth = -1;
            err.println(text);
            err.flush();
        }

        @Override
        public void progress(String file, long bytes, long total) {
            if (terminal) {
                long now = System.nanoTime();
                if (now - lastUpdate > 250_000_000L || bytes == total) {
                    lastUpdate = now;
                    lastTenth = 0;
                    err.print(String.format(Locale.ROOT, "\r%s: %.1f%s MB", file, bytes / 1e6,
                            total > 0 ? String.format(Locale.ROOT, " / %.1f", total / 1e6) : ""));
                    err.flush();
                }
                return;
            }
            if (total > 0) {
                int tenth = (int) (10 * bytes / total);
                if (tenth > lastTenth) {
                    lastTenth = tenth;
                    err.println(String.format(Locale.ROOT, "%s: %d %% of %.1f MB", file, 10 * tenth, total / 1e6));
                    err.flush();
                }
            }
        }
    }
}
