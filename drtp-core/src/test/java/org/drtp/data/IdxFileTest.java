package org.drtp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- an independent encoder

    /** IDX bytes written straight from the format's definition (big-endian header and values). */
    private static byte[] encode(int type, int[] dims, double[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(0);
            out.writeByte(0);
            out.writeByte(type);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            for (double v : values) {
                switch (type) {
                    case 0x08, 0x09 -> out.writeByte((int) v);
                    case 0x0B -> out.writeShort((int) v);
                    case 0x0C -> out.writeInt((int) v);
                    case 0x0D -> out.writeFloat((float) v);
                    case 0x0E -> out.writeDouble(v);
                    default -> throw new IllegalArgumentException("type " + type);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] header(int type, int... dims) {
        return encode(type, dims, new double[0]);
    }

    private static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** Asserts a DataException whose message names {@code source} and contains every fragment. */
    private static DataException assertDataError(Executable read, String source, String... fragments) {
        DataException e = assertThrows(DataException.class, read);
        assertTrue(e.getMessage().contains(source), () -> "message should name " + source + ": " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message should contain '" + f + "': " + e.getMessage());
        }
        return e;
    }

    // ---------------------------------------------------------------- round trips

    private static final int[] DIMS = {2, 3, 2};

    private static double[] valuesFor(int type) {
        return switch (type) {
            case 0x08 -> new double[] {0, 1, 127, 128, 200, 255, 3, 4, 5, 6, 7, 254};
            case 0x09 -> new double[] {0, 1, -1, 127, -128, -50, 3, 4, 5, 6, 7, 8};
            case 0x0B -> new double[] {0, 1, -1, 32767, -32768, 1234, -4321, 256, 255, 7, -7, 100};
            case 0x0C -> new double[] {0, 1, -1, 16_777_216, -16_777_216, 70_000, -70_000, 65_536, 2, 3, 4, 5};
            case 0x0D -> new double[] {0, 1.5, -2.25, 3.0e-5, -1.0e10, 0.1, 1, 2, 3, 4, 5, 6};
            case 0x0E -> new double[] {0, 1.5, -2.25, 3.0e-5, -1.0e10, 0.1, 1, 2, 3, 4, 5, 6};
            default -> throw new IllegalArgumentException();
        };
    }

    private static void assertHolds(IdxFile f, int type, int[] dims, double[] values) {
        assertEquals(type, f.type());
        assertArrayEquals(dims, f.dims());
        assertEquals(values.length, f.count());
        for (int i = 0; i < values.length; i++) {
            assertEquals((float) values[i], f.valueAt(i), "value " + i);
        }
    }

    @ParameterizedTest(name = "type 0x{0}")
    @ValueSource(ints = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E})
    void rawFileOfEachTypeReadsBackItsDimsAndValues(int type) throws IOException {
        double[] values = valuesFor(type);
        Path p = write("a.idx", encode(type, DIMS, values));
        assertHolds(IdxFile.read(p), type, DIMS, values);
    }

    @ParameterizedTest(name = "type 0x{0}")
    @ValueSource(ints = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E})
    void gzippedFileOfEachTypeReadsBackWhateverItsName(int type) throws IOException {
        double[] values = valuesFor(type);
        // No .gz suffix: gzip is recognised by its magic bytes.
        Path p = write("plain-name", gzip(encode(type, DIMS, values)));
        assertHolds(IdxFile.read(p), type, DIMS, values);
    }

    @ParameterizedTest(name = "type 0x{0}")
    @ValueSource(ints = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E})
    void dividedByGivesEachValueOverTheDivisor(int type) throws IOException {
        double[] values = valuesFor(type);
        IdxFile f = IdxFile.read(write("d.idx", encode(type, DIMS, values)));
        float[] scaled = f.dividedBy(255f);
        float[] plain = f.values();
        assertEquals(values.length, scaled.length);
        assertEquals(values.length, plain.length);
        for (int i = 0; i < values.length; i++) {
            // bit for bit the division of the value as a float: the unsigned-byte loop is a separate path
            assertEquals(Float.floatToIntBits((float) values[i] / 255f), Float.floatToIntBits(scaled[i]), "value " + i);
            assertEquals(Float.floatToIntBits(f.valueAt(i)), Float.floatToIntBits(plain[i]), "value " + i);
        }
    }

    @Test
    void integerTypesReadBackExactlyThroughIntAt() throws IOException {
        for (int type : new int[] {0x08, 0x09, 0x0B}) {
            double[] values = valuesFor(type);
            IdxFile f = IdxFile.read(write("i" + type, encode(type, DIMS, values)));
            for (int i = 0; i < values.length; i++) {
                assertEquals((int) values[i], f.intAt(i));
            }
        }
    }

    @Test
    void intValuesBeyondFloatPrecisionReadBackExactlyThroughIntAt() throws IOException {
        double[] values = {16_777_217, -16_777_217, Integer.MAX_VALUE, Integer.MIN_VALUE, 123_456_789, 7};
        IdxFile f = IdxFile.read(write("big-ints", encode(IdxFile.INT, new int[] {6}, values)));
        for (int i = 0; i < values.length; i++) {
            assertEquals((int) values[i], f.intAt(i), "value " + i);
        }
    }

    @Test
    void intAtRejectsFloatingPointFiles() throws IOException {
        Path p = write("floats", encode(IdxFile.FLOAT, new int[] {2}, new double[] {1, 2}));
        assertDataError(() -> IdxFile.read(p).intAt(0), p.toString(), "integer");
    }

    @Test
    void libraryEncoderMatchesTheFormatDefinition() {
        byte[] values = {0, 1, (byte) 200, (byte) 255, 9, 10};
        double[] asDoubles = {0, 1, 200, 255, 9, 10};
        assertArrayEquals(encode(IdxFile.UBYTE, new int[] {3, 2}, asDoubles), IdxFile.encodeUbyte(new int[] {3, 2}, values));
    }

    @Test
    void streamWithUnknownLengthReadsLikeAFile() {
        double[] values = valuesFor(0x0D);
        IdxFile f = IdxFile.read(new ByteArrayInputStream(encode(0x0D, DIMS, values)), "stream", -1);
        assertHolds(f, 0x0D, DIMS, values);
        assertEquals("stream", f.source());
    }

    @Test
    void zeroSizedDimensionGivesAnEmptyArray() throws IOException {
        IdxFile f = IdxFile.read(write("empty", header(IdxFile.UBYTE, 0, 28, 28)));
        assertEquals(0, f.count());
        assertArrayEquals(new int[] {0, 28, 28}, f.dims());
    }

    @Test
    void sixteenDimensionsAreAccepted() throws IOException {
        int[] dims = new int[16];
        Arrays.fill(dims, 1);
        dims[15] = 2;
        IdxFile f = IdxFile.read(write("d16", encode(IdxFile.UBYTE, dims, new double[] {4, 5})));
        assertArrayEquals(dims, f.dims());
        assertEquals(5f, f.valueAt(1));
    }

    // ---------------------------------------------------------------- header errors

    @Test
    void wrongMagicIsRejectedNamingTheFile() throws IOException {
        byte[] b = encode(IdxFile.UBYTE, new int[] {1}, new double[] {1});
        b[0] = 0x12;
        b[1] = 0x34;
        Path p = write("bad-magic", b);
        assertDataError(() -> IdxFile.read(p), p.toString(), "not an IDX file", "0x1234");
    }

    @Test
    void unknownTypeIsRejectedNamingTheTypeCode() throws IOException {
        Path p = write("bad-type", header(0x0A, 1));
        assertDataError(() -> IdxFile.read(p), p.toString(), "unknown IDX data type", "0x0A");
    }

    @Test
    void zeroDimensionsAreRejected() throws IOException {
        Path p = write("zero-dims", new byte[] {0, 0, 0x08, 0});
        assertDataError(() -> IdxFile.read(p), p.toString(), "0 dimensions");
    }

    @Test
    void moreThanSixteenDimensionsAreRejected() throws IOException {
        int[] dims = new int[17];
        Arrays.fill(dims, 1);
        Path p = write("d17", encode(IdxFile.UBYTE, dims, new double[] {1}));
        assertDataError(() -> IdxFile.read(p), p.toString(), "17 dimensions");
    }

    @Test
    void dimensionAbove2pow31IsRejected() throws IOException {
        Path p = write("negative-dim", header(IdxFile.UBYTE, -1));
        assertDataError(() -> IdxFile.read(p), p.toString(), "4294967295");
    }

    @Test
    void emptyFileIsRejectedAsTooShort() throws IOException {
        Path p = write("empty-file", new byte[0]);
        assertDataError(() -> IdxFile.read(p), p.toString(), "too short");
    }

    @Test
    void headerCutInsideTheDimensionsIsRejected() throws IOException {
        byte[] h = header(IdxFile.UBYTE, 10, 10, 10);
        Path p = write("cut-header", Arrays.copyOf(h, 9));
        assertDataError(() -> IdxFile.read(p), p.toString(), "too short");
    }

    // ---------------------------------------------------------------- payload size errors

    @Test
    void truncatedRawFileIsRejected() throws IOException {
        byte[] full = encode(IdxFile.SHORT, new int[] {5}, new double[] {1, 2, 3, 4, 5});
        Path p = write("truncated", Arrays.copyOf(full, full.length - 3));
        assertDataError(() -> IdxFile.read(p), p.toString(), "truncated");
    }

    @Test
    void truncatedRawStreamOfUnknownLengthIsRejected() {
        byte[] full = encode(IdxFile.SHORT, new int[] {5}, new double[] {1, 2, 3, 4, 5});
        byte[] cut = Arrays.copyOf(full, full.length - 3);
        assertDataError(() -> IdxFile.read(new ByteArrayInputStream(cut), "my-stream", -1), "my-stream", "truncated");
    }

    @Test
    void gzippedFileWithTooFewValuesIsRejected() throws IOException {
        byte[] full = encode(IdxFile.UBYTE, new int[] {10}, new double[10]);
        Path p = write("short.gz", gzip(Arrays.copyOf(full, full.length - 4)));
        assertDataError(() -> IdxFile.read(p), p.toString(), "truncated");
    }

    @Test
    void truncatedGzipStreamIsRejected() throws IOException {
        double[] values = new double[4000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 37) % 256;
        }
        byte[] gz = gzip(encode(IdxFile.UBYTE, new int[] {4000}, values));
        Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertDataError(() -> IdxFile.read(p), p.toString());
    }

    @Test
    void gzipStreamMissingOnlyItsTrailerIsRejected() throws IOException {
        byte[] gz = gzip(encode(IdxFile.UBYTE, new int[] {3}, new double[] {1, 2, 3}));
        Path p = write("no-trailer.gz", Arrays.copyOf(gz, gz.length - 8));
        assertDataError(() -> IdxFile.read(p), p.toString());
    }

    @Test
    void trailingBytesInRawFileAreRejected() throws IOException {
        byte[] full = encode(IdxFile.UBYTE, new int[] {3}, new double[] {1, 2, 3});
        Path p = write("trailing", Arrays.copyOf(full, full.length + 2));
        assertDataError(() -> IdxFile.read(p), p.toString(), "trailing bytes");
    }

    @Test
    void trailingBytesInGzippedFileAreRejected() throws IOException {
        byte[] full = encode(IdxFile.UBYTE, new int[] {3}, new double[] {1, 2, 3});
        Path p = write("trailing.gz", gzip(Arrays.copyOf(full, full.length + 1)));
        assertDataError(() -> IdxFile.read(p), p.toString(), "trailing bytes");
    }

    @Test
    void corruptedGzipDataIsRejected() throws IOException {
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 131) % 256;
        }
        byte[] gz = gzip(encode(IdxFile.UBYTE, new int[] {2000}, values));
        // Keep the 10-byte gzip header, scramble the deflate stream.
        for (int i = 12; i < gz.length - 8; i += 3) {
            gz[i] = (byte) ~gz[i];
        }
        Path p = write("corrupt.gz", gz);
        assertDataError(() -> IdxFile.read(p), p.toString());
    }

    @Test
    void gzipWithWrongChecksumIsRejected() throws IOException {
        byte[] gz = gzip(encode(IdxFile.UBYTE, new int[] {3}, new double[] {1, 2, 3}));
        gz[gz.length - 8] ^= 0x55; // CRC32 of the trailer
        Path p = write("bad-crc.gz", gz);
        assertDataError(() -> IdxFile.read(p), p.toString(), "corrupted gzip");
    }

    @Test
    void missingFileIsADataExceptionNamingIt() {
        Path p = dir.resolve("does-not-exist");
        assertDataError(() -> IdxFile.read(p), p.toString(), "not found");
    }

    @Test
    void directoryInsteadOfFileIsADataExceptionNamingIt() {
        assertDataError(() -> IdxFile.read(dir), dir.toString());
    }

    // ---------------------------------------------------------------- untrusted huge headers

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Runs {@code read}, expects a DataException, and checks it did not allocate what the header declares (the
     * bytes this thread allocated are counted, which does not depend on timing or load).
     */
    private static DataException assertFailsFastWithoutAllocating(Executable read, String source) {
        long bytes0 = allocatedBytes();
        DataException e = assertDataError(read, source);
        long allocated = allocatedBytes() - bytes0;
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes for a tiny file: " + e.getMessage());
        return e;
    }

    @Test
    void twentyByteFileDeclaring2pow31ValuesFailsWithoutAllocatingThem() throws IOException {
        byte[] h = header(IdxFile.UBYTE, 256, 256, 256, 128); // 2^31 values
        assertEquals(20, h.length);
        Path p = write("huge", h);
        assertFailsFastWithoutAllocating(() -> IdxFile.read(p), p.toString());
    }

    @Test
    void rawFileDeclaringJustUnderTheLimitFailsOnItsLengthWithoutAllocating() throws IOException {
        Path p = write("big", header(IdxFile.UBYTE, 32_767, 65_536)); // 2^31 - 2^16 bytes: accepted by the header check
        DataException e = assertFailsFastWithoutAllocating(() -> IdxFile.read(p), p.toString());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void gzippedFileDeclaringAHugeSizeFailsWithoutAllocatingIt() throws IOException {
        byte[] h = header(IdxFile.UBYTE, 32_767, 65_536);
        Path p = write("big.gz", gzip(Arrays.copyOf(h, h.length + 100)));
        DataException e = assertFailsFastWithoutAllocating(() -> IdxFile.read(p), p.toString());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void streamOfUnknownLengthDeclaringAHugeSizeFailsWithoutAllocatingIt() {
        byte[] h = header(IdxFile.DOUBLE, 16_000, 16_000); // 2.05e9 bytes, under the header limit
        byte[] b = Arrays.copyOf(h, h.length + 64);
        DataException e = assertFailsFastWithoutAllocating(
                () -> IdxFile.read(new ByteArrayInputStream(b), "big-stream", -1), "big-stream");
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void doublesDeclaringMoreThanOneArrayAreRejectedFromTheHeader() {
        byte[] h = header(IdxFile.DOUBLE, 1 << 14, 1 << 14, 2); // 2^29 doubles = 2^32 bytes
        DataException e = assertFailsFastWithoutAllocating(
                () -> IdxFile.read(new ByteArrayInputStream(h), "doubles", -1), "doubles");
        assertTrue(e.getMessage().contains("beyond"), e.getMessage());
    }
}
