package org.drtp.cli.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drtp.data.DataException;

/**
 * Downloads a {@link RemoteFile} over HTTP(S), resumably and verified.
 *
 * <p>Bytes go to {@code NAME.part} next to the target; an interrupted download leaves the part file, and the
 * next attempt asks the server for the rest with an HTTP {@code Range: bytes=N-} request (a {@code 206}
 * answer is appended; a {@code 200} answer means the server ignores ranges, and the file is fetched from
 * the start). Once complete, the part file's checksum is compared with the published one; only a matching
 * file is renamed to its final name, so a file under its final name is always verified. A mismatching part
 * file is deleted (it cannot be repaired by resuming). A target already present is checked and kept if it
 * matches, so a file fetched by hand can be dropped in place; one that does not match stays where it is until a
 * verified download replaces it.
 */
public final class Downloader {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 1 << 16;

    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout    how long a stalled transfer may go without a byte before it is abandoned (and
     *                       left to be resumed)
     */
    public Downloader(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * A downloader with a 30 s connect and a 60 s read timeout. It uses {@link HttpURLConnection}, which
     * follows redirects within a protocol (so never from HTTPS to HTTP) and, unlike java.net.http's body
     * streams, times out a stalled read.
     */
    public static Downloader create() {
        return new Downloader(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * Makes {@code dir/fileName} hold the verified file, downloading (or resuming) it from the first mirror
     * that works; returns its path. Throws {@link DataException} with what to do when no mirror works.
     */
    public Path fetch(RemoteFile file, Path dir, DownloadListener listener) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException(dir + ": cannot create the download directory (" + e.getMessage() + ")", e);
        }
        Path target = dir.resolve(file.fileName());
        if (Files.isRegularFile(target)) {
            if (Checksums.matches(target, file.algorithm(), file.checksum())) {
                listener.message(file.fileName() + ": already downloaded, checksum verified");
                return target;
            }
            // Kept until a verified copy replaces it: a failed download must not cost the user a file they placed.
            listener.message(file.fileName() + ": present but its checksum does not match; downloading it again (the"
                    + " present file is replaced only by a verified download)");
        }
        Path part = dir.resolve(file.fileName() + ".part");
        DataException failure = null;
        for (URI uri : file.mirrors()) {
            if (failure != null) {
                listener.message(failure.getMessage() + "; trying " + uri);
            }
            try {
                transfer(uri, part, file.fileName(), listener);
            } catch (DataException e) {
                failure = e;
                continue;
            }
            String actual = Checksums.hex(part, file.algorithm());
            if (actual.equalsIgnoreCase(file.checksum())) {
                move(part, target);
                listener.message(file.fileName() + ": " + file.algorithm() + " checksum verified");
                return target;
            }
            delete(part);
            failure = new DataException(file.fileName() + " from " + uri + ": " + file.algorithm() + " checksum "
                    + actual + " does not match the published " + file.checksum() + " (the download was deleted)");
        }
        throw new DataException(failure.getMessage() + ". To install it by hand, download " + file.mirrors().get(0)
                + " into " + dir + " and run the command again (it verifies files already there; a partial "
                + part.getFileName() + " is resumed).", failure);
    }

    /** Brings {@code part} to the complete file from {@code uri}, resuming from its current length. */
    private void transfer(URI uri, Path part, String name, DownloadListener listener) {
        long have = Files.isRegularFile(part) ? size(part) : 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            HttpURLConnection c = open(uri, have);
            try {
                int status = status(c, uri);
                if (status == 416 && have > 0) {
                    // Range not satisfiable: the part file is already complete (or longer than the file); the
                    // checksum decides, and a mismatching part is deleted so that the next run starts afresh.
                    return;
                }
                long start;
                long total;
                if (status == 206) {
                    Matcher m = CONTENT_RANGE.matcher(String.valueOf(c.getHeaderField("Content-Range")));
                    if (!m.matches() || Long.parseLong(m.group(1)) != have) {
                        listener.message(name + ": the server answered the resume request with an unexpected range;"
                                + " starting over");
                        have = 0;
                        truncate(part);
                        continue;
                    }
                    start = have;
                    total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                    listener.message(String.format(Locale.ROOT, "%s: resuming at %.1f MB from %s", name, have / 1e6, uri));
                } else if (status == 200) {
                    if (have > 0) {
                        listener.message(name + ": the server does not resume downloads; starting over");
                    }
                    start = 0;
                    total = c.getContentLengthLong();
                    listener.message(name + ": downloading " + uri);
                } else {
                    throw new DataException(name + ": HTTP " + status + " from " + uri);
                }
                copy(c, part, start, total, name, uri, listener);
                return;
            } finally {
                c.disconnect();
            }
        }
        throw new DataException(name + ": " + uri + " keeps answering resume requests with the wrong range");
    }

    private HttpURLConnection open(URI uri, long from) {
        try {
            URLConnection u = uri.toURL().openConnection();
            if (!(u instanceof HttpURLConnection c)) {
                throw new DataException(uri + ": not an HTTP(S) URL");
            }
            c.setConnectTimeout((int) connectTimeout.toMillis());
            c.setReadTimeout((int) readTimeout.toMillis());
            c.setInstanceFollowRedirects(true);
            c.setRequestProperty("User-Agent", "drtp");
            // Compressed transfer would make byte ranges refer to the compressed stream: ask for the bytes.
            c.setRequestProperty("Accept-Encoding", "identity");
            if (from > 0) {
                c.setRequestProperty("Range", "bytes=" + from + "-");
            }
            return c;
        } catch (IOException e) {
            throw new DataException(uri + ": " + describe(e), e);
        }
    }

    private int status(HttpURLConnection c, URI uri) {
        try {
            return c.getResponseCode();
        } catch (UnknownHostException | ConnectException | NoRouteToHostException e) {
            throw new DataException("cannot reach " + uri.getHost() + " (" + describe(e)
                    + "); this machine may be offline or behind a proxy", e);
        } catch (SocketTimeoutException e) {
            throw new DataException("cannot reach " + uri.getHost() + ": no answer within "
                    + connectTimeout.toSeconds() + " s; this machine may be offline or behind a proxy", e);
        } catch (IOException e) {
            throw new DataException(uri + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void copy(HttpURLConnection c, Path part, long start, long total, String name, URI uri,
                             DownloadListener listener) {
        long done = start;
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = c.getInputStream();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buf = new byte[BUFFER];
            for (int r; (r = in.read(buf)) > 0; ) {
                out.write(buf, 0, r);
                done += r;
                listener.progress(name, done, total);
            }
        } catch (IOException e) {
            throw new DataException(String.format(Locale.ROOT, "%s: download from %s interrupted at %.1f MB (%s);"
                    + " run the command again to resume", name, uri, done / 1e6, describe(e)), e);
        }
        if (total >= 0 && done != total) {
            throw new DataException(String.format(Locale.ROOT, "%s: connection closed at %d of %d bytes;"
                    + " run the command again to resume", name, done, total));
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new DataException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static void truncate(Path p) {
        try {
            Files.write(p, new byte[0]);
        } catch (IOException e) {
            throw new DataException(p + ": cannot truncate (" + e.getMessage() + ")", e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new DataException(p + ": cannot delete (" + e.getMessage() + ")", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(from + ": cannot rename to " + to.getFileName() + " (" + e.getMessage() + ")", e);
        }
    }
}
