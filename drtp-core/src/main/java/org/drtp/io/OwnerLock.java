package org.drtp.io;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lock file that makes one process the owner of a place: an output directory ({@code DIR/.drtp.lock}) or
 * one run of a shared grid directory. The file holds the owner's process id, host and start time (for the
 * message a second process gets) and carries an operating-system lock ({@link FileChannel#tryLock}) for as
 * long as the owner lives. The kernel drops that lock when the process dies, however it dies (kill -9
 * included), so a file left by a dead owner is stale by construction and the next process takes it over: no
 * timeouts to guess, no pid checks across hosts. On network file systems this relies on the server's lock
 * support (NFSv4 and Lustre have it).
 *
 * <p>Threads of one process are told apart too (the OS lock alone is per process): a place held by another
 * thread of this JVM is held.
 */
public final class OwnerLock implements AutoCloseable {

    /** Places this JVM holds, as absolute paths: the OS lock does not exclude threads of the same process. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileChannel check;
    private final FileLock lock;
    private final String staleOwner;

    private OwnerLock(Path file, Path key, FileChannel channel, FileChannel check, FileLock lock, String staleOwner) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.check = check;
        this.lock = lock;
        this.staleOwner = staleOwner;
    }

    /**
     * Takes {@code file} for this process, or returns null when a live process (or another thread here) holds
     * it. A file left by a dead owner is taken over ({@link #staleOwner()} says whose it was).
     */
    public static OwnerLock tryAcquire(Path file) throws IOException {
        AtomicFiles.checkReplaceable(file);
        Path key = file.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            return null;
        }
        boolean ok = false;
        try {
            for (int attempt = 0; attempt < 10; attempt++) {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    ch.close();
                    return null;
                }
                String before = read(ch);
                String token = "pid " + ProcessHandle.current().pid() + " on host " + host() + " since "
                        + Instant.now() + " (" + UUID.randomUUID() + ")";
                ch.truncate(0);
                ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
                // An owner that released between our open and our lock deleted the file we locked: then the
                // path is another file (or none), and we must try again on whatever is there now. The file is read
                // through a channel kept open until close(): POSIX drops a process's locks on a file when it
                // closes any descriptor of it.
                FileChannel check;
                try {
                    check = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    check = null;
                }
                if (check != null && (token + "\n").equals(readRaw(check))) {
                    ok = true;
                    return new OwnerLock(file, key, ch, check, l, before.isBlank() ? null : before.strip());
                }
                if (check != null) {
                    check.close();
                }
                l.release();
                ch.close();
            }
            throw new IOException(file + ": could not take the lock (it kept changing under us)");
        } finally {
            if (!ok) {
                HELD.remove(key);
            }
        }
    }

    /**
     * Who holds {@code file} according to its content ("pid 123 on host h since ..."), or null if unknown. For
     * a process that does not hold it (reading closes a descriptor, which would drop this process's own lock).
     */
    public static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s.replaceAll(" \\([0-9a-f-]{36}\\)$", "");
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String read(FileChannel ch) throws IOException {
        return readRaw(ch).strip().replaceAll(" \\([0-9a-f-]{36}\\)$", "");
    }

    private static String readRaw(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(4096, ch.size()));
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String name = ManagementFactory.getRuntimeMXBean().getName(); // "pid@host"
            return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "unknown";
        }
    }

    /** The owner recorded in a lock file that was taken over because its process had died; null if none. */
    public String staleOwner() {
        return staleOwner;
    }

    public Path file() {
        return file;
    }

    /** Gives the place up: deletes the lock file (while still holding it), then releases it. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The OS lock is what counts: a leftover unlocked file is stale and taken over by the next owner.
        }
        try {
            lock.release();
            channel.close();
            check.close();
        } catch (IOException e) {
            // closing releases the lock in any case
        } finally {
            HELD.remove(key);
        }
    }
}
