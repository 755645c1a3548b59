package org.drtp.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.drtp.io.AtomicFiles;
import org.drtp.settings.InvalidSettingException;

/**
 * The directory export-c writes (docs/on-device.md, "The exported C"): it appears complete or not at all (written
 * to a temporary sibling, then renamed). An existing directory is replaced only when it is empty or holds nothing
 * but the files an export writes ({@link CExport#FILES}): a directory with anything else in it (the user's code,
 * a subdirectory, the model itself) is refused, never deleted. Problems with the directory name the setting
 * {@code out}.
 */
public final class ExportDirectory {

    private ExportDirectory() {
    }

    /**
     * Checks that {@code dir} may be written: it does not exist, or is an empty directory, or holds an earlier
     * export and nothing else. Returns true in the last case (the files will be replaced, edits included).
     */
    public static boolean check(Path dir) throws IOException {
        if (dir.toString().isEmpty()) {
            throw new InvalidSettingException("out", "expected a directory name, got an empty one");
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getParent() == null) {
            throw new InvalidSettingException("out", dir + " is the root directory; choose a new or empty directory");
        }
        if (abs.equals(Path.of("").toAbsolutePath().normalize())) {
            // the directory is renamed into place: the working directory would be swapped from under the shell
            throw new InvalidSettingException("out", dir + " is the working directory; choose a new or empty directory");
        }
        if (!Files.exists(abs)) {
            return false;
        }
        if (!Files.isDirectory(abs)) {
            throw new InvalidSettingException("out", dir + " is a file, expected a directory");
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(abs)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new InvalidSettingException("out", dir + ": cannot list the directory (" + AtomicFiles.reason(e) + ")");
        }
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (!CExport.FILES.contains(name) || !Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidSettingException("out", dir + " holds " + name + ", which export-c does not write (it"
                        + " replaces a directory only when that holds an earlier export and nothing else): choose a new or"
                        + " empty directory");
            }
        }
        return !entries.isEmpty();
    }

    /** Writes {@code files} (name to content) as the directory {@code dir}, after {@link #check}. */
    static void write(Path dir, Map<String, String> files) throws IOException {
        check(dir);
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        Path tmp;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new InvalidSettingException("out", dir + ": cannot create directory (" + AtomicFiles.reason(e) + ")");
        }
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // not the temp dir's 700
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(tmp.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            check(dir); // again: something may have appeared there while we wrote
            Path old = null;
            if (Files.exists(abs)) {
                old = Files.createTempDirectory(parent, "." + abs.getFileName() + ".old-");
                Files.delete(old);
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                removeExport(old);
            }
        } catch (IOException e) {
            throw new InvalidSettingException("out", dir + ": cannot write the export (" + AtomicFiles.reason(e) + ")");
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Deletes the export's own files and then the directory; anything else that appeared after the check keeps
     * the directory (a hidden sibling of DIR), since nothing but an export may be deleted.
     */
    private static void removeExport(Path old) throws IOException {
        for (String name : CExport.FILES) {
            Files.deleteIfExists(old.resolve(name));
        }
        try {
            Files.delete(old);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // left in place, see above
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
