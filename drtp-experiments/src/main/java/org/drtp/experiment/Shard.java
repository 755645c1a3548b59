package org.drtp.experiment;

import java.util.ArrayList;
import java.util.List;
import org.drtp.settings.InvalidSettingException;

/**
 * The K-th of N deterministic slices of a grid (1-based, as {@code --shard K/N} and Slurm's array index):
 * run i of the grid belongs to shard {@code (i mod N) + 1}. Round-robin rather than contiguous blocks, so
 * every shard gets a similar mix of cheap and expensive runs; the slices are disjoint and cover the grid.
 */
public record Shard(int index, int count) {

    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new InvalidSettingException("shard", "expected K/N with 1 <= K <= N, got " + index + "/" + count);
        }
    }

    /** Parses {@code K/N}. */
    public static Shard parse(String text) {
        String[] p = text == null ? new String[0] : text.trim().split("/", -1);
        if (p.length != 2) {
            throw new InvalidSettingException("shard", "expected K/N (e.g. 2/8), got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("shard", "expected K/N with integers K and N (e.g. 2/8), got '" + text + "'");
        }
    }

    public <T> List<T> select(List<T> grid) {
        List<T> out = new ArrayList<>();
        for (int i = index - 1; i < grid.size(); i += count) {
            out.add(grid.get(i));
        }
        return out;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
