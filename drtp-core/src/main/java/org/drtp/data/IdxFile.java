package org.drtp.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An array in the IDX format (LeCun's MNIST files): two zero bytes, a type code (0x08 unsigned byte,
 * 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), the number of dimensions, each
 * dimension as a big-endian int32, then the values big-endian, row-major. Gzipped files are recognised by
 * their magic bytes, whatever their name.
 *
 * <p>Reading never trusts the header: sizes are checked against the file length (raw files) or against
 * what the stream really holds (gzip), memory is only grown as data arrives, and every problem becomes a
 * {@link DataException} naming the file and what was expected.
 */
public final class IdxFile {

    public static final int UBYTE = 0x08;
    public static final int BYTE = 0x09;
    public static final int SHORT = 0x0B;
    public static final int INT = 0x0C;
    public static final int FLOAT = 0x0D;
    public static final int DOUBLE = 0x0E;

    /** Largest payload accepted: one Java array. */
    static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 16L;
    private static final int MAX_DIMENSIONS = 16;

    private final String source;
    private final int type;
    private final int[] dims;
    private final byte[] payload;

    private IdxFile(String source, int type, int[] dims, byte[] payload) {
        this.source = source;
        this.type = type;
        this.dims = dims;
        this.payload = payload;
    }

    /** Reads a raw or gzipped IDX file (or a pipe such as {@code <(zcat f.gz)}, whose length is not known). */
    public static IdxFile read(Path path) {
        if (!Files.exists(path)) {
            throw new DataException(path + ": file not found");
        }
        // FileInputStream, not Files.newInputStream: the latter seeks (available()), which fails on a pipe.
        try (InputStream in = new java.io.FileInputStream(path.toFile())) {
            long length = Files.isRegularFile(path) ? Files.size(path) : -1;
            return read(in, path.toString(), length);
        } catch (NoSuchFileException e) {
            throw new DataException(path + ": file not found");
        } catch (IOException e) {
            throw new DataException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether the stream holds IDX data, raw or gzipped, judged by its first bytes (the two zero bytes that start
     * every IDX magic number, which no text file starts with), not by a file name. {@code in} must support
     * mark/reset; it is left at its start.
     */
    public static boolean looksLikeIdx(BufferedInputStream in) throws IOException {
        in.mark(1 << 20);
        try {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 == 0x1f && b1 == 0x8b) {
                in.reset();
                in.mark(1 << 20);
                GZIPInputStream gz = new GZIPInputStream(new FilterInputStream(in) {
                    @Override
                    public void close() {
                        // leave the caller's stream open
                    }
                }, 512);
                b0 = gz.read();
                b1 = gz.read();
            }
            return b0 == 0 && b1 == 0;
        } catch (ZipException | EOFException e) {
            return false; // not valid gzip: let the reader report it
        } finally {
            in.reset();
        }
    }

    /**
     * Reads an IDX array from a stream (raw or gzipped).
     *
     * @param source     name for messages (file or resource)
     * @param byteLength the stream's total length if known (lets a raw file's header be checked before
     *                   any allocation), or -1
     */
    public static IdxFile read(InputStream stream, String source, long byteLength) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(stream, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return parse(new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16), source, -1);
            }
            return parse(buffered, source, byteLength);
        } catch (ZipException e) {
            throw new DataException(source + ": corrupted gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new DataException(source + ": file ends unexpectedly (truncated gzip stream?)", e);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static IdxFile parse(InputStream in, String source, long byteLength) throws IOException {
        byte[] magic = readFully(in, 4, source, "the 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(source + ": not an IDX file (magic number starts with 0x"
                    + hex(magic[0]) + hex(magic[1]) + ", expected 0x0000)");
        }
        int type = magic[2] & 0xff;
        int size = elementSize(type);
        if (size < 0) {
            throw new DataException(source + ": unknown IDX data type 0x" + hex(magic[2])
                    + " (expected 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float or 0x0E double)");
        }
        int nDims = magic[3] & 0xff;
        if (nDims < 1 || nDims > MAX_DIMENSIONS) {
            throw new DataException(source + ": IDX header declares " + nDims + " dimensions, expected 1.." + MAX_DIMENSIONS);
        }
        byte[] dimBytes = readFully(in, 4 * nDims, source, nDims + " dimension sizes");
        int[] dims = new int[nDims];
        long count = 1;
        for (int i = 0; i < nDims; i++) {
            int d = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (d < 0) {
                throw new DataException(source + ": dimension " + i + " is " + Integer.toUnsignedString(d)
                        + ", more than an IDX reader can hold");
            }
            dims[i] = d;
            count *= d;
            if (count * size > MAX_PAYLOAD_BYTES) {
                throw new DataException(source + ": IDX header declares dimensions " + describe(dims, i + 1)
                        + " (more than " + MAX_PAYLOAD_BYTES + " bytes of data), beyond what this reader accepts");
            }
        }
        long payloadBytes = count * size;
        long headerBytes = 4L + 4L * nDims;
        if (byteLength >= 0 && headerBytes + payloadBytes != byteLength) {
            throw new DataException(source + ": IDX header declares dimensions " + Arrays.toString(dims) + " = "
                    + payloadBytes + " bytes of data, but the file holds " + (byteLength - headerBytes)
                    + (byteLength - headerBytes < payloadBytes ? " (truncated)" : " (trailing bytes)"));
        }
        byte[] payload = readPayload(in, payloadBytes, source, dims);
        if (in.read() != -1) {
            throw new DataException(source + ": trailing bytes after the " + payloadBytes
                    + " bytes of data the IDX header declares " + Arrays.toString(dims));
        }
        return new IdxFile(source, type, dims, payload);
    }

    /** Reads exactly {@code total} bytes, growing the buffer only as data actually arrives. */
    private static byte[] readPayload(InputStream in, long total, String source, int[] dims) throws IOException {
        int want = (int) total;
        byte[] buf = new byte[Math.min(want, 1 << 20)];
        int have = 0;
        while (have < want) {
            if (have == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(want, 2L * buf.length));
            }
            int r = in.read(buf, have, buf.length - have);
            if (r < 0) {
                throw new DataException(source + ": truncated: the IDX header declares " + Arrays.toString(dims) + " = "
                        + total + " bytes of data, the file holds only " + have);
            }
            have += r;
        }
        return buf;
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] b = new byte[n];
        int have = 0;
        while (have < n) {
            int r = in.read(b, have, n - have);
            if (r < 0) {
                throw new DataException(source + ": file too short: ends before " + what);
            }
            have += r;
        }
        return b;
    }

    static int elementSize(int type) {
        return switch (type) {
            case UBYTE, BYTE -> 1;
            case SHORT -> 2;
            case INT, FLOAT -> 4;
            case DOUBLE -> 8;
            default -> -1;
        };
    }

    private static String hex(byte b) {
        return String.format("%02X", b & 0xff);
    }

    private static String describe(int[] dims, int n) {
        return Arrays.toString(Arrays.copyOf(dims, n));
    }

    public String source() {
        return source;
    }

    public int type() {
        return type;
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of values. */
    public int count() {
        return payload.length / elementSize(type);
    }

    /** Value {@code i} as a float (exact for the integer types up to 2^24). */
    public float valueAt(int i) {
        int s = elementSize(type);
        int o = i * s;
        return switch (type) {
            case UBYTE -> payload[o] & 0xff;
            case BYTE -> payload[o];
            case SHORT -> (short) (((payload[o] & 0xff) << 8) | (payload[o + 1] & 0xff));
            case INT -> bigEndianInt(o);
            case FLOAT -> Float.intBitsToFloat(bigEndianInt(o));
            default -> (float) Double.longBitsToDouble(((long) bigEndianInt(o) << 32) | (bigEndianInt(o + 4) & 0xffffffffL));
        };
    }

    /** Every value as a float, as {@link #valueAt} gives it (dividing by 1 is exact). */
    public float[] values() {
        return dividedBy(1f);
    }

    /**
     * Every value divided by {@code divisor}, each as {@code valueAt(i) / divisor} gives it. Unsigned bytes have a
     * loop of their own: for Fashion-MNIST's 47M pixels in a fresh JVM, 0.6 s against 0.8 s through {@link #valueAt}
     * (most of either is the new array's first touch).
     */
    public float[] dividedBy(float divisor) {
        float[] out = new float[count()];
        if (type == UBYTE) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (payload[i] & 0xff) / divisor;
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = valueAt(i) / divisor;
            }
        }
        return out;
    }

    /** Value {@code i} as an integer (integer types only; exact for every int32, unlike {@link #valueAt}). */
    public int intAt(int i) {
        if (type == FLOAT || type == DOUBLE) {
            throw new DataException(source + ": expected integer values, found IDX type 0x" + hex((byte) type));
        }
        // INT goes straight from the bytes: through a float it would lose precision above 2^24.
        return type == INT ? bigEndianInt(i * 4) : (int) valueAt(i);
    }

    private int bigEndianInt(int o) {
        return ((payload[o] & 0xff) << 24) | ((payload[o + 1] & 0xff) << 16) | ((payload[o + 2] & 0xff) << 8)
                | (payload[o + 3] & 0xff);
    }

    /** Writes an unsigned-byte IDX array (raw, not gzipped): for tests and tools. */
    public static byte[] encodeUbyte(int[] dims, byte[] values) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(UBYTE);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.write(values, 0, values.length);
        return out.toByteArray();
    }
}
