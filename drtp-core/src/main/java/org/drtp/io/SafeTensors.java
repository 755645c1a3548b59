package org.drtp.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.DataException;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * mapping tensor names to {@code {"dtype", "shape", "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} object of string values, then the tensors' bytes, little-endian, contiguous, with
 * offsets relative to the end of the header. Files written here are readable by other ecosystems' readers
 * (Python {@code safetensors.numpy.load_file}, Rust {@code safetensors}).
 *
 * <p>drtp stores F32 (weights, optimizer state) and I64 (random generator states), and also reads I32. The reader checks every
 * header field against the file before allocating anything and fails with a {@link DataException} naming
 * the file and the field.
 */
public final class SafeTensors {

    /** The format's own limit on the header size. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /**
     * A tensor: its shape and its values, float (F32), long (I64) or int (I32); exactly one array is set.
     * drtp writes F32 and I64; I32 is read because PyTorch exports of class labels use it (the golden traces
     * of docs/semantics.md).
     */
    public record Tensor(int[] shape, float[] f32, long[] i64, int[] i32) {

        public static Tensor f32(int[] shape, float[] values) {
            return new Tensor(shape.clone(), values, null, null);
        }

        public static Tensor i64(int[] shape, long[] values) {
            return new Tensor(shape.clone(), null, values, null);
        }

        public static Tensor i32(int[] shape, int[] values) {
            return new Tensor(shape.clone(), null, null, values);
        }

        public String dtype() {
            return f32 != null ? "F32" : i64 != null ? "I64" : "I32";
        }

        int count() {
            return f32 != null ? f32.length : i64 != null ? i64.length : i32.length;
        }

        int byteSize() {
            return count() * (i64 != null ? 8 : 4);
        }
    }

    /**
     * A file's content: metadata strings (without the checksum field) and named tensors, in file order.
     * {@code checksummed} is false for a file written before drtp stored checksums: it loaded, but nothing
     * vouches for its bytes (callers tell the user).
     */
    public record Content(Map<String, String> metadata, Map<String, Tensor> tensors, boolean checksummed) {

        /** The tensor named {@code name}; a DataException naming the file when it is missing. */
        public Tensor require(String source, String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new DataException(source + ": missing tensor '" + name + "'");
            }
            return t;
        }

        /** Total number of values over all tensors. */
        public long tensorValues() {
            long n = 0;
            for (Tensor t : tensors.values()) {
                n += t.count();
            }
            return n;
        }

        /** The metadata value {@code key}; a DataException naming the file when it is missing. */
        public String requireMeta(String source, String key) {
            String v = metadata.get(key);
            if (v == null) {
                throw new DataException(source + ": missing metadata field '" + key + "'");
            }
            return v;
        }

        /** The metadata value {@code key} as an int; a DataException naming the file and the field unless it is one. */
        public int requireInt(String source, String key) {
            String v = requireMeta(source, key);
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new DataException(source + ": metadata field '" + key + "' is '" + v + "', expected an integer");
            }
        }

        /** The metadata value {@code key} as a finite float; a DataException naming the file and the field otherwise. */
        public float requireFloat(String source, String key) {
            String v = requireMeta(source, key);
            float f;
            try {
                f = Float.parseFloat(v.trim());
            } catch (NumberFormatException e) {
                f = Float.NaN;
            }
            if (!Float.isFinite(f)) {
                throw new DataException(source + ": metadata field '" + key + "' is '" + v + "', expected a finite number");
            }
            return f;
        }
    }

    private SafeTensors() {
    }

    /**
     * The metadata field holding {@code crc32c:XXXXXXXX}, the CRC32C of the file's metadata, tensor entries and
     * tensor bytes (see {@link #checksum}). CRC32C detects every error of up to 32 consecutive bits, so any one
     * damaged byte is caught for certain; it is the checksum of iSCSI and ext4 metadata and is in the JDK.
     */
    public static final String CHECKSUM_FIELD = "checksum";

    /** Writes a safetensors file atomically. */
    public static void write(Path path, Map<String, String> metadata, Map<String, Tensor> tensors) throws IOException {
        AtomicFiles.write(path, encode(metadata, tensors));
    }

    /** The bytes of a safetensors file, with the checksum of its content in the metadata. */
    public static byte[] encode(Map<String, String> metadata, Map<String, Tensor> tensors) {
        long offset = 0;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long count = 1;
            for (int d : t.shape()) {
                count *= d;
            }
            if (count != t.count()) {
                throw new IllegalArgumentException("tensor " + e.getKey() + ": shape " + Arrays.toString(t.shape())
                        + " does not hold " + t.count() + " values");
            }
            entries.add(new Entry(e.getKey(), t.dtype(), t.shape(), offset, offset + t.byteSize()));
            offset += t.byteSize();
        }
        if (offset > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors content of " + offset + " bytes is too large");
        }
        ByteBuffer data = ByteBuffer.allocate((int) offset).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            if (t.f32() != null) {
                data.asFloatBuffer().put(t.f32());
            } else if (t.i64() != null) {
                data.asLongBuffer().put(t.i64());
            } else {
                data.asIntBuffer().put(t.i32());
            }
            data.position(data.position() + t.byteSize());
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        meta.remove(CHECKSUM_FIELD);
        String sum = checksum(meta, entries, data.array(), 0, data.capacity());
        meta.put(CHECKSUM_FIELD, sum);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", meta);
        for (Entry e : entries) {
            List<Object> shape = new ArrayList<>();
            for (int d : e.shape()) {
                shape.add((long) d);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", e.dtype());
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(e.begin(), e.end()));
            header.put(e.name(), entry);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // spaces up to 8-byte alignment, as the reference writer does
        if (offset + padded + 8 > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("safetensors content of " + (offset + padded) + " bytes is too large");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        buf.put(data.array());
        return buf.array();
    }

    /** A tensor's header entry. */
    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    /**
     * {@code crc32c:XXXXXXXX} over the metadata (sorted by key, checksum field excluded), the tensor entries in
     * data order (name, dtype, shape, offsets) and the tensor bytes: a damaged byte anywhere that a reader would
     * trust (a weight, a shape, a metadata value such as the epoch) changes it.
     */
    private static String checksum(Map<String, String> metadata, List<Entry> entries, byte[] data, int from, int length) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        StringBuilder sb = new StringBuilder();
        for (String k : new java.util.TreeMap<>(metadata).keySet()) {
            sb.append(k).append('\0').append(metadata.get(k)).append('\0');
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (Entry e : sorted) {
            sb.append(e.name()).append('\0').append(e.dtype()).append(Arrays.toString(e.shape()))
                    .append(e.begin()).append(',').append(e.end()).append('\0');
        }
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        crc.update(data, from, length);
        return String.format(java.util.Locale.ROOT, "crc32c:%08x", crc.getValue());
    }

    /** Reads and validates a safetensors file. */
    public static Content read(Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new DataException(path + ": file not found");
        } catch (IOException e) {
            throw new DataException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new DataException(path + ": " + size + " bytes, larger than drtp model files can be");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return decode(in.readAllBytes(), path.toString());
        } catch (IOException e) {
            throw new DataException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses safetensors bytes; {@code source} names them in messages. */
    public static Content decode(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new DataException(source + ": not a safetensors file (" + bytes.length + " bytes, the header length alone takes 8)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        if (n < 2 || n > MAX_HEADER_BYTES || n > bytes.length - 8) {
            throw new DataException(source + ": safetensors header length " + Long.toUnsignedString(n)
                    + " is impossible for a file of " + bytes.length + " bytes (expected 2.." + Math.min(MAX_HEADER_BYTES, bytes.length - 8) + ")");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(source + ": safetensors header is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.FormatException e) {
            throw new DataException(source + ": safetensors header: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new DataException(source + ": safetensors header must be a JSON object");
        }
        long dataStart = 8 + n;
        long dataLength = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> meta)) {
                    throw new DataException(source + ": __metadata__ must be an object of strings");
                }
                for (Map.Entry<?, ?> m : meta.entrySet()) {
                    if (!(m.getValue() instanceof String v)) {
                        throw new DataException(source + ": __metadata__ field '" + m.getKey() + "' must be a string");
                    }
                    metadata.put((String) m.getKey(), v);
                }
                continue;
            }
            String where = source + ": tensor '" + name + "'";
            if (!(e.getValue() instanceof Map<?, ?> t)) {
                throw new DataException(where + " must be an object with dtype, shape and data_offsets");
            }
            if (!(t.get("dtype") instanceof String dtype)) {
                throw new DataException(where + ": missing string field dtype");
            }
            int elem = switch (dtype) {
                case "F32" -> 4;
                case "I64" -> 8;
                case "I32" -> 4;
                default -> throw new DataException(where + ": dtype " + dtype + " is not supported (drtp reads F32, I64 and I32)");
            };
            if (!(t.get("shape") instanceof List<?> shapeList) || shapeList.size() > 8) {
                throw new DataException(where + ": shape must be a list of at most 8 dimensions");
            }
            int[] shape = new int[shapeList.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                    throw new DataException(where + ": shape " + shapeList + " must hold non-negative integers");
                }
                shape[i] = (int) (long) d;
                count *= d;
                if (count * elem > dataLength) {
                    throw new DataException(where + ": shape " + shapeList + " needs more bytes than the file's "
                            + dataLength + " bytes of data");
                }
            }
            if (!(t.get("data_offsets") instanceof List<?> off) || off.size() != 2
                    || !(off.get(0) instanceof Long begin) || !(off.get(1) instanceof Long end)) {
                throw new DataException(where + ": data_offsets must be [begin, end] integers");
            }
            if (begin < 0 || end < begin || end > dataLength) {
                throw new DataException(where + ": data_offsets [" + begin + ", " + end + "] outside the "
                        + dataLength + " bytes of data");
            }
            if (end - begin != count * elem) {
                throw new DataException(where + ": data_offsets span " + (end - begin) + " bytes but shape "
                        + Arrays.toString(shape) + " of " + dtype + " needs " + count * elem);
            }
            entries.add(new Entry(name, dtype, shape, begin, end));
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.begin() != expected) {
                throw new DataException(source + ": tensor '" + e.name() + "' starts at byte " + e.begin() + " but the previous"
                        + " data ends at " + expected + " (tensors must cover the data contiguously, without overlap)");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new DataException(source + ": tensors cover " + expected + " bytes but the file holds " + dataLength
                    + " bytes of data");
        }
        String stored = metadata.remove(CHECKSUM_FIELD);
        if (stored != null) {
            String actual = checksum(metadata, entries, bytes, (int) dataStart, (int) dataLength);
            if (!stored.equals(actual)) {
                throw new DataException(source + ": damaged: the content does not match its checksum (stored "
                        + DataException.shorten(stored) + ", computed " + actual + "); the file was changed after it was written");
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + e.begin()), (int) (e.end() - e.begin()))
                    .slice().order(ByteOrder.LITTLE_ENDIAN);
            if (e.dtype().equals("F32")) {
                float[] v = new float[(int) ((e.end() - e.begin()) / 4)];
                slice.asFloatBuffer().get(v);
                tensors.put(e.name(), Tensor.f32(e.shape(), v));
            } else if (e.dtype().equals("I32")) {
                int[] v = new int[(int) ((e.end() - e.begin()) / 4)];
                slice.asIntBuffer().get(v);
                tensors.put(e.name(), Tensor.i32(e.shape(), v));
            } else {
                long[] v = new long[(int) ((e.end() - e.begin()) / 8)];
                slice.asLongBuffer().get(v);
                tensors.put(e.name(), Tensor.i64(e.shape(), v));
            }
        }
        return new Content(metadata, tensors, stored != null);
    }
}
