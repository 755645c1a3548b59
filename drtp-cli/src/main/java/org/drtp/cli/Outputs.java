package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.experiment.Table;
import org.drtp.io.AtomicFiles;
import org.drtp.io.OwnerLock;
import org.drtp.report.ReportBuilder;
import org.drtp.report.Tables;

/**
 * The one place where commands check and claim what they will write, before any long work: an output file
 * can really be written (a probe file, removed again) and is a regular file or nothing (never a symbolic
 * link or a device); an output directory exists or can be made, and is locked by this run. The writes
 * themselves go through {@link AtomicFiles} (temporary file, then rename), whose failures name the file and
 * the reason. Failures here are usage errors naming the flag.
 */
final class Outputs {

    /** The lock file of an output directory owned by one run. */
    static final String LOCK_FILE = ".drtp.lock";

    private Outputs() {
    }

    /** Creates {@code dir} if needed and checks that files can be created in it; a usage error naming the flag. */
    static void checkWritable(Path dir, String flag) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Errors.UsageException(flag + " " + dir + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Errors.UsageException(flag + " " + dir + ": cannot create directory (" + AtomicFiles.reason(e) + ")");
        }
        try {
            AtomicFiles.probe(dir.resolve(LOCK_FILE));
        } catch (IOException e) {
            throw new Errors.UsageException(flag + " " + dir + ": directory is not writable (" + e.getMessage() + ")");
        }
    }

    /** Checks that {@code file} can be written (and replaced, if it exists) without writing it. */
    static void checkFile(Path file, String flag) {
        if (Files.isDirectory(file)) {
            throw new Errors.UsageException(flag + " " + file + ": is a directory, expected a file name");
        }
        try {
            AtomicFiles.probe(file);
        } catch (IOException e) {
            throw new Errors.UsageException(flag + " " + e.getMessage());
        }
    }

    /**
     * As {@link #checkFile}, and a file that already exists (a model or result computed earlier) is refused unless
     * {@code replace} (the command's --overwrite): nothing a user computed is replaced silently. {@code otherChoice}
     * names a further way out, e.g. ", continue it with --model FILE", or is empty.
     */
    static void checkNewFile(Path file, String flag, boolean replace, String otherChoice) {
        checkFile(file, flag);
        if (!replace && Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new Errors.UsageException(flag + " " + file + ": the file exists (saved by an earlier run?)" + otherChoice
                    + "; give --overwrite to replace it, or another file name");
        }
    }

    /**
     * Makes this process the owner of {@code dir} (created and checked first) until the lock is closed; a usage
     * error naming the holder when another live run owns it. A lock left by a run that died is taken over, with
     * a note on {@code err}.
     */
    static OwnerLock lock(Path dir, String flag, PrintWriter err) {
        checkWritable(dir, flag);
        Path file = dir.resolve(LOCK_FILE);
        OwnerLock lock;
        try {
            lock = OwnerLock.tryAcquire(file);
        } catch (IOException e) {
            throw new Errors.UsageException(flag + " " + dir + ": cannot lock (" + e.getMessage() + ")");
        }
        if (lock == null) {
            String holder = OwnerLock.holder(file);
            throw new Errors.UsageException(flag + " " + dir + " is in use by another drtp run ("
                    + (holder == null ? "another process" : holder) + "; lock file " + file + ")");
        }
        if (lock.staleOwner() != null) {
            err.println("note: " + flag + " " + dir + ": took over the lock of a run that is no longer running ("
                    + lock.staleOwner() + ")");
        }
        return lock;
    }

    /** Deletes {@code dir} if it is an empty directory; best effort (the caller is already reporting an error). */
    static void removeIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // leave it
        }
    }

    static void printTables(PrintWriter out, ReportBuilder.Output report) {
        for (String b : report.banner()) {
            out.println();
            out.println(b);
        }
        for (Table t : report.tables()) {
            out.println();
            out.print(Tables.markdown(t));
        }
        out.println();
    }
}
