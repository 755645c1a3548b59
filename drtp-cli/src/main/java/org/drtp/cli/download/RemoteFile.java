package org.drtp.cli.download;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A file to download: its name on disk, the URLs it can be fetched from (tried in order) and its published
 * checksum ({@code algorithm} as {@link java.security.MessageDigest} names it, e.g. {@code MD5} or
 * {@code SHA-256}; {@code checksum} in hexadecimal).
 */
public record RemoteFile(String fileName, List<URI> mirrors, String algorithm, String checksum) {

    public RemoteFile {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("download file name must be a plain file name, got '" + fileName + "'");
        }
        mirrors = List.copyOf(mirrors);
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no URL to download it from");
        }
        Objects.requireNonNull(algorithm, "algorithm");
        checksum = checksum.toLowerCase(Locale.ROOT);
    }

    /** A file available under {@code fileName} in each of the mirror directories {@code bases} (ending in '/'). */
    public static RemoteFile under(List<String> bases, String fileName, String algorithm, String checksum) {
        return new RemoteFile(fileName, bases.stream().map(b -> URI.create(b + fileName)).toList(), algorithm, checksum);
    }
}
