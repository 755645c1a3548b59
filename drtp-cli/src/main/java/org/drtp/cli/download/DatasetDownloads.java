package org.drtp.cli.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.drtp.data.Cifar10Format;
import org.drtp.data.DataException;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.MnistFormat;
import org.drtp.settings.InvalidSettingException;

/**
 * The datasets {@code drtp datasets download} can fetch, from their official sources with their published
 * checksums (the same ones torchvision checks):
 * <ul>
 *   <li>{@code mnist}: the four gzipped IDX files (LeCun, Cortes and Burges), from PyTorch's mirror or
 *       Google's CVDF mirror (the original site no longer serves them reliably); MD5.</li>
 *   <li>{@code cifar10}: {@code cifar-10-binary.tar.gz} from the University of Toronto (Krizhevsky 2009), MD5
 *       as published on https://www.cs.toronto.edu/~kriz/cifar.html; unpacked to
 *       {@code cifar-10-batches-bin/}, then the archive is deleted.</li>
 * </ul>
 * Files go to {@code DIR} or, by default, {@link DatasetCatalog#userDataDir()}/{@code id}, where the catalog
 * looks for them.
 */
public final class DatasetDownloads {

    /** One downloadable dataset. {@code archive}: whether the single file is a .tar.gz to unpack. */
    public record Source(String id, String description, List<RemoteFile> files, boolean archive,
                         Predicate<Path> present) {
    }

    private static final List<String> MNIST_MIRRORS = List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");

    public static final Source MNIST = new Source("mnist", "MNIST handwritten digits, 60k train / 10k test, 11 MB",
            List.of(RemoteFile.under(MNIST_MIRRORS, "train-images-idx3-ubyte.gz", "MD5", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                    RemoteFile.under(MNIST_MIRRORS, "train-labels-idx1-ubyte.gz", "MD5", "d53e105ee54ea40749a09fcbcd1e9432"),
                    RemoteFile.under(MNIST_MIRRORS, "t10k-images-idx3-ubyte.gz", "MD5", "9fb629c4189551a2d022fa330f9573f3"),
                    RemoteFile.under(MNIST_MIRRORS, "t10k-labels-idx1-ubyte.gz", "MD5", "ec29112dd5afa0611ce80d1b7f02629c")),
            false, MnistFormat::isPresent);

    public static final Source CIFAR10 = new Source("cifar10",
            "CIFAR-10 binary version, 32x32 colour images, 50k train / 10k test, 162 MB download",
            List.of(RemoteFile.under(List.of("https://www.cs.toronto.edu/~kriz/"), "cifar-10-binary.tar.gz", "MD5",
                    "c32a1d4ab5d03f1284b67883e8d87530")),
            true, Cifar10Format::isPresent);

    public static final List<Source> SOURCES = List.of(MNIST, CIFAR10);

    private DatasetDownloads() {
    }

    /** The source of a dataset id (case-insensitive); the error lists the downloadable ones. */
    public static Source source(String id) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Source s : SOURCES) {
            if (s.id().equals(v)) {
                return s;
            }
        }
        String hint = v.equals("fashion-mnist") ? " (Fashion-MNIST comes with the Debian package dataset-fashion-mnist)"
                : v.equals("mnist-10k") ? " (mnist-10k is embedded in drtp)" : "";
        throw new InvalidSettingException("cannot download '" + id + "': expected one of "
                + String.join(", ", SOURCES.stream().map(Source::id).toList()) + hint);
    }

    /** Where {@code id} is stored by default, and where the dataset catalog looks for it. */
    public static Path defaultDirectory(String id) {
        return DatasetCatalog.userDataDir().resolve(source(id).id());
    }

    /**
     * Makes {@code dir} (or the default directory when null) hold the dataset: does nothing if it is already
     * there, otherwise downloads (resuming partial files), verifies and unpacks. Returns the directory.
     */
    public static Path download(Source source, Path dir, Downloader downloader, DownloadListener listener) {
        Path target = dir != null ? dir : DatasetCatalog.userDataDir().resolve(source.id());
        if (source.present().test(target)) {
            listener.message(source.id() + " is already in " + target);
            return target;
        }
        for (RemoteFile f : source.files()) {
            Path file = downloader.fetch(f, target, listener);
            if (source.archive()) {
                listener.message(f.fileName() + ": unpacking into " + target);
                TarGz.extract(file, target);
                if (!source.present().test(target)) {
                    throw new DataException(file + " was unpacked into " + target + " but the " + source.id()
                            + " files are not where they belong; is it the right archive?");
                }
                try {
                    Files.delete(file); // 162 MB that the unpacked files duplicate
                } catch (IOException e) {
                    listener.message(file + ": could not delete the archive (" + e.getMessage() + ")");
                }
            }
        }
        if (!source.present().test(target)) {
            throw new DataException(target + ": the downloaded files do not form the " + source.id() + " dataset");
        }
        listener.message(source.id() + " is ready in " + target);
        return target;
    }
}
