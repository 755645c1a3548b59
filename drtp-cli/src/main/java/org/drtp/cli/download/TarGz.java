package org.drtp.cli.download;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.drtp.data.DataException;

/**
 * Extracts a gzipped tar archive (POSIX ustar, GNU and pax variants) in plain Java, as the CIFAR-10 archive
 * needs: a tar file is a sequence of 512-byte headers (name at 0, size in octal at 124, checksum at 148,
 * type at 156, ustar magic at 257, name prefix at 345), each followed by its content padded to 512 bytes,
 * and ends with zero blocks.
 *
 * <p>Only regular files and directories are created; links and devices are skipped. Entry names are
 * checked so that nothing is written outside the target directory (no absolute paths, no "..").
 * Each file is written to {@code NAME.part} and renamed when complete, so an interrupted extraction never
 * leaves a truncated file under its real name.
 */
public final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** Extracts {@code archive} into {@code dir}; returns the regular files written. */
    public static List<Path> extract(Path archive, Path dir) {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            return extract(in, archive.toString(), dir);
        } catch (ZipException e) {
            throw new DataException(archive + ": not a gzip file or corrupted (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataException(archive + ": cannot extract (" + e.getMessage() + ")", e);
        }
    }

    /** Extracts an uncompressed tar stream; {@code source} names it in messages. */
    static List<Path> extract(InputStream in, String source, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            int r = in.readNBytes(header, 0, BLOCK);
            if (r == 0) {
                break; // no end-of-archive blocks: tolerated, as GNU tar does
            }
            if (r < BLOCK) {
                throw new DataException(source + ": truncated (ends inside an entry header)");
            }
            if (isZero(header)) {
                break;
            }
            checkChecksum(header, source);
            long size = size(header, source);
            char type = (char) header[156];
            String name = longName != null ? longName : name(header);
            longName = null;
            switch (type) {
                case 'L' -> longName = cString(readContent(in, size, source));
                case 'x' -> longName = paxPath(readContent(in, size, source));
                case '0', '\0', '7' -> {
                    Path out = safePath(root, name, source);
                    if (out.equals(root)) {
                        throw new DataException(source + ": archive entry '" + name + "' is not a file name");
                    }
                    Files.createDirectories(out.getParent());
                    Path part = out.resolveSibling(out.getFileName() + ".part");
                    try (OutputStream os = Files.newOutputStream(part)) {
                        copyExactly(in, os, size, source, name);
                    }
                    Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
                    skipPadding(in, size, source);
                    written.add(out);
                }
                case '5' -> {
                    Files.createDirectories(safePath(root, name, source));
                    skip(in, padded(size), source);
                }
                default -> skip(in, padded(size), source); // links, devices, global pax headers: not needed
            }
        }
        return written;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The header checksum: the sum of its bytes with the checksum field counted as spaces. */
    private static void checkChecksum(byte[] h, String source) {
        long stored = octal(h, 148, 8, source, "checksum");
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += i >= 148 && i < 156 ? ' ' : h[i];
        }
        if (stored != unsigned && stored != signed) { // some old tars summed signed bytes
            throw new DataException(source + ": corrupted or not a tar archive (header checksum mismatch)");
        }
    }

    private static long size(byte[] h, String source) {
        if ((h[124] & 0x80) != 0) { // GNU base-256 encoding for sizes of 8 GB and more
            long v = h[124] & 0x7f;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        return octal(h, 124, 12, source, "size");
    }

    private static long octal(byte[] h, int off, int len, String source, String field) {
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            int c = h[i];
            if (c == 0 || (c == ' ' && any)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new DataException(source + ": corrupted or not a tar archive (bad " + field + " field)");
            }
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] b) {
        return cString(b, 0, b.length);
    }

    /** The {@code path} record of a pax extended header ("LEN path=VALUE\n" records), or null. */
    private static String paxPath(byte[] content) {
        String s = new String(content, StandardCharsets.UTF_8);
        for (String record : s.split("\n")) {
            int sp = record.indexOf(' ');
            if (sp > 0 && record.startsWith("path=", sp + 1)) {
                return record.substring(sp + 1 + "path=".length());
            }
        }
        return null;
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

    private static byte[] readContent(InputStream in, long size, String source) throws IOException {
        if (size > 1 << 20) {
            throw new DataException(source + ": implausible extended header of " + size + " bytes");
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length != size) {
            throw new DataException(source + ": truncated (ends inside an extended header)");
        }
        skipPadding(in, size, source);
        return b;
    }

    private static void copyExactly(InputStream in, OutputStream out, long size, String source, String name)
            throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new DataException(source + ": truncated (ends inside " + name + ")");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static void skipPadding(InputStream in, long size, String source) throws IOException {
        skip(in, padded(size) - size, source);
    }

    private static void skip(InputStream in, long n, String source) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new DataException(source + ": truncated", e);
        }
    }
}
