package org.drtp.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.drtp.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void slicesAreDisjointAndCoverTheGridForEveryShardCount() {
        List<Integer> grid = IntStream.range(0, 37).boxed().toList();
        for (int n = 1; n <= 40; n++) {
            Set<Integer> seen = new HashSet<>();
            int total = 0;
            for (int k = 1; k <= n; k++) {
                List<Integer> slice = new Shard(k, n).select(grid);
                total += slice.size();
                seen.addAll(slice);
                assertTrue(slice.size() <= (grid.size() + n - 1) / n, "balanced slices");
            }
            assertEquals(grid.size(), total, "no run in two slices (n = " + n + ")");
            assertEquals(new HashSet<>(grid), seen, "every run in a slice (n = " + n + ")");
        }
    }

    @Test
    void slicingIsDeterministicAndFollowsTheGridOrder() {
        List<RunSpec> grid = TinyGrid.table1();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        new Shard(2, 3).select(grid).forEach(s -> a.add(s.fileName()));
        new Shard(2, 3).select(TinyGrid.table1()).forEach(s -> b.add(s.fileName()));
        assertEquals(a, b);
        assertEquals(grid.get(1).fileName(), a.get(0));
    }

    @Test
    void parsesKOfNAndRejectsNonsenseNamingTheSetting() {
        assertEquals(new Shard(3, 8), Shard.parse(" 3/8 "));
        for (String bad : new String[] {"0/2", "3/2", "2", "a/b", "1/0", "", "1/2/3"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Shard.parse(bad), bad);
            assertEquals("shard", e.setting(), e.getMessage()); // the command line names its --shard flag
            assertTrue(e.problem().startsWith("expected K/N"), e.getMessage());
        }
    }
}
