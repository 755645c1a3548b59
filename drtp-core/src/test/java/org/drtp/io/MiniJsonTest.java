package org.drtp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MiniJsonTest {

    @Test
    void parsesTheJsonValueKinds() throws Exception {
        Object v = MiniJson.parse(" {\"a\": [1, -2.5e3, true, false, null], \"b\": \"x\\\"\\u00e9\\n\", \"c\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2500.0, true, false, null));
        expected.put("b", "x\"é\n");
        expected.put("c", Map.of());
        assertEquals(expected, v);
    }

    @Test
    void writesWhatItReads() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "tab\tquote\"");
        m.put("list", List.of(1L, 2.5, "s"));
        assertEquals(m, MiniJson.parse(MiniJson.write(m)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\" 1}", "[1,]", "01", "1.", "\"abc", "{\"a\":1,\"a\":2}", "tru", "[1] x", "\"\\x\""})
    void rejectsMalformedText(String text) {
        assertThrows(MiniJson.FormatException.class, () -> MiniJson.parse(text));
    }

    @Test
    void limitsNestingDepth() {
        assertThrows(MiniJson.FormatException.class, () -> MiniJson.parse("[".repeat(10_000) + "]".repeat(10_000)));
    }
}
