package org.drtp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.DataException;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    private static Map<String, SafeTensors.Tensor> tensors() {
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("w", SafeTensors.Tensor.f32(new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, Float.MIN_VALUE, 7}));
        t.put("s", SafeTensors.Tensor.i64(new int[] {4}, new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
        return t;
    }

    @Test
    void roundTripsTensorsAndMetadata() {
        byte[] b = SafeTensors.encode(Map.of("k", "v"), tensors());
        SafeTensors.Content c = SafeTensors.decode(b, "mem");
        assertEquals(Map.of("k", "v"), c.metadata());
        assertArrayEquals(new int[] {2, 3}, c.tensors().get("w").shape());
        assertArrayEquals(tensors().get("w").f32(), c.tensors().get("w").f32());
        assertArrayEquals(tensors().get("s").i64(), c.tensors().get("s").i64());
    }

    /** PyTorch writes class labels as I32 (the golden traces do). */
    @Test
    void roundTripsI32Tensors() {
        int[] labels = {Integer.MIN_VALUE, 7, Integer.MAX_VALUE};
        byte[] b = SafeTensors.encode(Map.of(), Map.of("labels", SafeTensors.Tensor.i32(new int[] {3}, labels)));
        SafeTensors.Tensor t = SafeTensors.decode(b, "mem").tensors().get("labels");
        assertEquals("I32", t.dtype());
        assertArrayEquals(labels, t.i32());
    }

    /** The byte layout other ecosystems read: u64 LE header size, padded JSON, LE data with relative offsets. */
    @Test
    void writesTheStandardLayout() throws Exception {
        byte[] b = SafeTensors.encode(Map.of("k", "v"), tensors());
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String json = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{") && json.endsWith(" ") || json.endsWith("}"));
        Map<?, ?> h = (Map<?, ?>) Json.parse(json.strip());
        Map<?, ?> w = (Map<?, ?>) h.get("w");
        assertEquals("F32", w.get("dtype"));
        assertEquals(List.of(2L, 3L), w.get("shape"));
        assertEquals(List.of(0L, 24L), w.get("data_offsets"));
        assertEquals(List.of(24L, 56L), ((Map<?, ?>) h.get("s")).get("data_offsets"));
        Map<?, ?> meta = (Map<?, ?>) h.get("__metadata__");
        assertEquals("v", meta.get("k"));
        assertTrue(((String) meta.get(SafeTensors.CHECKSUM_FIELD)).matches("crc32c:[0-9a-f]{8}"), meta.toString());
        assertEquals(2, meta.size());
        assertEquals(3.5f, buf.order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + n + 8)));
        assertEquals(8 + n + 56, b.length);
    }

    private static byte[] withHeader(String json, int dataBytes) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + j.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(j.length).put(j);
        return buf.array();
    }

    @Test
    void rejectsHeadersThatDoNotMatchTheData() {
        String[][] cases = {
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", "8", "needs 8"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "8", "cover 4 bytes but the file holds 8"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "8", "starts at byte 4"},
            {"{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", "2", "dtype BF16 is not supported"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],\"data_offsets\":[0,4]}}", "4", "needs more bytes"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "4", "non-negative integers"},
            {"{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99]}}", "4", "outside the 4 bytes"},
            {"{\"a\":1}", "0", "must be an object"},
            {"[1]", "0", "must be a JSON object"},
            {"{\"a\":", "0", "invalid JSON"},
            {"{\"__metadata__\":{\"k\":1}}", "0", "must be a string"}};
        for (String[] c : cases) {
            DataException e = assertThrows(DataException.class,
                    () -> SafeTensors.decode(withHeader(c[0], Integer.parseInt(c[1])), "f.safetensors"), c[0]);
            assertTrue(e.getMessage().startsWith("f.safetensors: ") && e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    @Test
    void rejectsImpossibleHeaderLengthsWithoutAllocating() {
        byte[] b = new byte[16];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        DataException e = assertThrows(DataException.class, () -> SafeTensors.decode(b, "f"));
        assertTrue(e.getMessage().contains("header length"), e.getMessage());
        assertThrows(DataException.class, () -> SafeTensors.decode(new byte[3], "f"));
    }
}
