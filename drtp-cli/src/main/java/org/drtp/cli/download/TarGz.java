package org.drtp.cli.download;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.drtp.data.DataException;

/**
 * Extracts a gzipped tar archive, as the CIFAR-10 archive needs. Apache Commons Compress reads the tar
 * format (ustar, GNU long names, pax headers, header checksums); this class decides what is written where.
 *
 * <p>Only regular files and directories are created; links and devices are skipped. Entry names are
 * checked so that nothing is written outside the target directory (no absolute paths, no "..").
 * Each file is written to {@code NAME.part} and renamed when complete, so an interrupted extraction never
 * leaves a truncated file under its real name.
 */
public final class TarGz {

    private TarGz() {
    }

    /** Extracts {@code archive} into {@code dir}; returns the regular files written. */
    public static List<Path> extract(Path archive, Path dir) {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            return extract(in, archive.toString(), dir);
        } catch (ZipException e) {
            throw new DataException(archive + ": not a gzip file or corrupted (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(archive + ": truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(archive + ": cannot extract (" + e.getMessage() + ")", e);
        }
    }

    /** Extracts an uncompressed tar stream; {@code source} names it in messages. */
    static List<Path> extract(InputStream in, String source, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        while (true) {
            TarArchiveEntry entry = nextEntry(tar, source);
            if (entry == null) {
                return written;
            }
            if (!entry.isCheckSumOK()) {
                throw new DataException(source + ": corrupted or not a tar archive (header checksum mismatch)");
            }
            String name = entry.getName();
            byte type = entry.getLinkFlag();
            if (entry.isDirectory()) {
                Files.createDirectories(safePath(root, name, source));
            } else if (type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM
                    || type == TarConstants.LF_CONTIG) { // regular files only (isFile() also says yes to links)
                Path out = safePath(root, name, source);
                if (out.equals(root)) {
                    throw new DataException(source + ": archive entry '" + name + "' is not a file name");
                }
                Files.createDirectories(out.getParent());
                Path part = out.resolveSibling(out.getFileName() + ".part");
                try (OutputStream os = Files.newOutputStream(part)) {
                    copy(tar, os, entry.getSize(), source, name);
                }
                Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
                written.add(out);
            } // links, devices, fifos: not needed
        }
    }

    /** Copies an entry's content; a read that fails or ends early means the archive is cut or damaged. */
    private static void copy(InputStream tar, OutputStream out, long size, String source, String name)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r;
            try {
                r = tar.read(buf, 0, (int) Math.min(buf.length, left));
            } catch (IOException e) {
                throw new DataException(source + ": truncated or corrupted inside " + name + " (" + e.getMessage() + ")",
                        e);
            }
            if (r < 0) {
                throw new DataException(source + ": truncated (ends inside " + name + ")");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    /** The next entry, with the reader's complaints about a damaged archive turned into one-line messages. */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, String source) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (EOFException e) {
            throw new DataException(source + ": truncated (ends inside an entry)", e);
        } catch (IOException e) {
            if (e instanceof ZipException) {
                throw e; // the gzip layer: reported by extract(Path, Path)
            }
            String what = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (what.contains("truncated")) {
                throw new DataException(source + ": truncated (" + e.getMessage() + ")", e);
            }
            throw new DataException(source + ": corrupted or not a tar archive (" + e.getMessage() + ")", e);
        }
    }

    /** Resolves an entry name inside {@code root}, refusing anything that would land outside it. */
    static Path safePath(Path root, String name, String source) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) {
            throw new DataException(source + ": refusing archive entry '" + name + "' (absolute path)");
        }
        Path p = root.resolve(n).normalize();
        if (!p.startsWith(root)) {
            throw new DataException(source + ": refusing archive entry '" + name + "' (it would be written outside "
                    + root + ")");
        }
        return p;
    }
}
