package org.drtp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/settings.md lists every setting of the table, with its flag and default, in the table's order. */
class SettingsDocTest {

    @Test
    void theKeysTableOfTheDocsIsTheTable() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "settings.md"))) {
            if (line.startsWith("| `") && line.split("\\|").length > 4) {
                rows.add(line);
            }
        }
        List<String> keys = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String key = cells[1].trim().replace("`", "");
            Setting<?> s = Settings.byKey(key);
            if (s == null) {
                continue; // the table of formats above it
            }
            keys.add(key);
            assertEquals("`" + s.flag() + "`", cells[2].trim(), key);
            assertEquals("`" + s.defaultText() + "`", cells[3].trim(), key);
            assertTrue(cells[5].trim().startsWith(s.fingerprint() == Setting.Fingerprint.ALWAYS ? "yes"
                    : s.fingerprint() == Setting.Fingerprint.NEVER ? "no" : "when"), key);
        }
        assertEquals(Settings.ALL.stream().map(Setting::key).toList(), keys);
    }
}
