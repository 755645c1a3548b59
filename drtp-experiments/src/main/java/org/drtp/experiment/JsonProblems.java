package org.drtp.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;

/**
 * What is wrong with a JSON file the user gave or a sweep wrote (grid files, run results, manifests), said in
 * the user's terms ("not valid JSON, truncated (ends at line 2, column 12)", "field 'lr' given twice") rather
 * than Jackson's, whose messages name Java classes and a redacted source.
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** One short phrase for {@code e}, without the file name. */
    public static String describe(IOException e) {
        if (!(e instanceof JsonProcessingException j)) {
            return "cannot be read (" + firstLine(e.getMessage()) + ")";
        }
        String at = at(j.getLocation());
        String why = firstLine(j.getOriginalMessage());
        if (j instanceof JsonEOFException || why.startsWith("Unexpected end-of-input")) {
            return "not valid JSON, truncated" + (at.isEmpty() ? "" : " (ends" + at + ")");
        }
        if (j instanceof JsonParseException) {
            if (why.startsWith("Duplicate field '")) { // StreamReadFeature.STRICT_DUPLICATE_DETECTION
                return "field " + why.substring("Duplicate field ".length()) + " given twice" + at + "; give it once";
            }
            return "not valid JSON" + at + " (" + why.replaceAll("\\s*\\(start marker at.*", "") + ")";
        }
        if (j instanceof JsonMappingException d) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference r : d.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
            for (Throwable t = j.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) { // e.g. a setting's own check, in its words
                    return (field.length() == 0 ? "" : "field '" + field + "': ") + firstLine(t.getMessage());
                }
            }
            if (field.length() > 0) {
                return "field '" + field + "' does not hold the expected kind of value" + at;
            }
        }
        return "not what was expected" + at;
    }

    private static String at(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
