package org.drtp.cli.download;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Writes small ustar archives for tests (the format TarGz reads; 512-byte headers, padded contents). */
final class TarBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TarBuilder file(String name, byte[] content) {
        return entry(name, content, '0');
    }

    TarBuilder directory(String name) {
        return entry(name, new byte[0], '5');
    }

    /** A GNU long-name entry followed by the file it names. */
    TarBuilder longNamedFile(String name, byte[] content) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        entry("././@LongLink", n, 'L');
        return entry(name.substring(0, 50), content, '0');
    }

    TarBuilder entry(String name, byte[] content, char type) {
        byte[] h = header(name, content.length, type);
        out.writeBytes(h);
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** The tar bytes with the two zero end blocks. */
    byte[] tar() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(out.toByteArray());
        b.writeBytes(new byte[1024]);
        return b.toByteArray();
    }

    byte[] tarGz() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(tar());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return b.toByteArray();
    }
}
