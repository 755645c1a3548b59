package org.drtp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesTheJsonValueKinds() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null, 123456789012345678901], \"b\": \"x\\\"\\u00e9\\n\", \"c\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2500.0, true, false, null, 1.2345678901234568E20));
        expected.put("b", "x\"é\n");
        expected.put("c", Map.of());
        assertEquals(expected, v);
    }

    @Test
    void writesWhatItReads() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\tquote\"é");
        m.put("list", Arrays.asList(1L, 2.5, "s", null, true, 1e-4));
        assertEquals("{\"name\":\"tab\\tquote\\\"é\",\"list\":[1,2.5,\"s\",null,true,1.0E-4]}", Json.write(m));
        assertEquals(m, Json.parse(Json.write(m)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"a\" 1}", "[1,]", "01", "1.", "\"abc", "{\"a\":1,\"a\":2}", "tru", "[1] x",
        "[1] [2]", "\"\\x\"", "\"a\u0001\"", "NaN", "{'a':1}", "[1 // c\n]"})
    void rejectsMalformedTextWithOneLineNamingTheOffset(String text) {
        Json.FormatException e = assertThrows(Json.FormatException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().startsWith("invalid JSON at character "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void limitsNestingDepth() throws Exception {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(ok) instanceof List<?>);
        assertThrows(Json.FormatException.class, () -> Json.parse("[".repeat(10_000) + "]".repeat(10_000)));
    }
}
