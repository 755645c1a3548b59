package org.drtp.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON text for results and manifests (Jackson). Non-finite numbers are written as null. */
public final class Json {

    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** One line, for the last stdout line of {@code --json}. */
    public static String line(Object value) {
        try {
            return COMPACT.writeValueAsString(finite(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Indented, for files. */
    public static String pretty(Object value) {
        try {
            return PRETTY.writeValueAsString(finite(value)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static ObjectMapper mapper() {
        return COMPACT;
    }

    /** JSON has no NaN or Infinity: replace them by null, recursively. */
    @SuppressWarnings("unchecked")
    static Object finite(Object v) {
        if (v instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (v instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, finite(x)));
            return out;
        }
        if (v instanceof java.util.List<?> l) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            l.forEach(x -> out.add(finite(x)));
            return out;
        }
        return v;
    }
}
