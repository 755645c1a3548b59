package org.drtp.cli.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.drtp.data.DataException;

/** Hex digests of files, for checking downloads against their published checksums. */
public final class Checksums {

    private Checksums() {
    }

    /** The digest of the file's content in lower-case hexadecimal. */
    public static String hex(Path file, String algorithm) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown checksum algorithm " + algorithm, e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot read to verify its checksum (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** True if the file's digest is {@code expected} (hexadecimal, any case). */
    public static boolean matches(Path file, String algorithm, String expected) {
        return hex(file, algorithm).equalsIgnoreCase(expected);
    }
}
