package org.drtp.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or a run killed mid-write) sees either the old content or the new, never
 * a torn file: write a temporary file in the same directory, force it to disk, rename it over the target.
 * Only a regular file (or nothing) is ever replaced: a symbolic link, a device such as {@code /dev/null}, a
 * pipe or a directory at the target is refused, as renaming over it would silently destroy it. Every failure
 * is an IOException whose message names the target and the reason (not the temporary file).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** A body that writes the file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Temporary files are created private (0600); the result should look like any file the user writes: the
     * target's permissions if it exists, else rw-r--r--.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /**
     * Refuses a target that exists and is not a regular file (checked without following links), naming it
     * and what it is.
     */
    public static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String kind = Files.isSymbolicLink(target) ? "a symbolic link"
                : Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                : Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ? null
                : "not a regular file (a device, pipe or socket)";
        if (kind != null) {
            throw new IOException(target + ": is " + kind + "; drtp writes only regular files and will not replace it");
        }
    }

    /**
     * Checks that {@code target} can be written before any long work: it is replaceable, its directory exists,
     * and a probe file can really be created there (permissions, read-only mounts, quotas); the probe is removed.
     */
    public static void probe(Path target) throws IOException {
        checkReplaceable(target);
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(target + ": directory " + dir + " does not exist");
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".probe.", ".tmp");
        } catch (IOException e) {
            throw new IOException(target + ": cannot create a file in " + dir + " (" + reason(e) + ")", e);
        }
        Files.deleteIfExists(tmp);
    }

    /** The reason of an I/O failure in words: "permission denied", "No space left on device", ... */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    public static void write(Path target, Writer body) throws IOException {
        checkReplaceable(target);
        Path dir = target.toAbsolutePath().getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": cannot create directory " + dir + " (" + reason(e) + ")", e);
        }
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": cannot create a file in " + dir + " (" + reason(e) + ")", e);
        }
        try {
            writeAndRename(tmp, target, body);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private static void writeAndRename(Path tmp, Path target, Writer body) throws IOException {
        boolean done = false;
        try {
            keepPermissions(tmp, target);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            checkReplaceable(target); // again: something may have appeared there while we wrote
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
