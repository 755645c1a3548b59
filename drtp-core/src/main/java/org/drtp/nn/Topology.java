package org.drtp.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/**
 * A network topology in the reference implementation's string format, e.g. {@code FC_500_FC_500_FC_10} or
 * {@code CONV_32_5_1_2_FC_1000_FC_10}: tokens separated by underscores, a token without digits starts a
 * layer ({@code FC} takes one number: units; {@code CONV} takes four: channels, kernel, stride, padding).
 * Convolutions must come before fully-connected layers, and the last layer is the fully-connected output.
 */
public record Topology(List<LayerSpec> layers) {

    public Topology {
        layers = List.copyOf(layers);
    }

    /** Parses a topology string; the error says which part is wrong and what was expected. */
    public static Topology parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException("topology is empty: expected e.g. FC_500_FC_10 or CONV_32_5_1_2_FC_1000_FC_10");
        }
        String[] tokens = text.trim().split("_", -1);
        List<List<String>> groups = new ArrayList<>();
        for (String t : tokens) {
            if (t.isEmpty()) {
                throw new InvalidSettingException("topology '" + text + "': empty element (two underscores in a row, or one at an end)");
            }
            boolean hasDigit = t.chars().anyMatch(Character::isDigit);
            if (!hasDigit) {
                groups.add(new ArrayList<>());
            } else if (groups.isEmpty()) {
                throw new InvalidSettingException("topology '" + text + "': must start with a layer type (FC or CONV), found '" + t + "'");
            }
            groups.get(groups.size() - 1).add(t);
        }
        List<LayerSpec> specs = new ArrayList<>();
        boolean seenFc = false;
        for (List<String> g : groups) {
            String kind = g.get(0).toUpperCase(Locale.ROOT);
            String where = "topology '" + text + "', layer " + (specs.size() + 1) + " (" + String.join("_", g) + ")";
            switch (kind) {
                case "FC" -> {
                    if (g.size() != 2) {
                        throw new InvalidSettingException(where + ": FC takes exactly one number (units), e.g. FC_500");
                    }
                    specs.add(new LayerSpec.Fc(positive(g.get(1), where, "units")));
                    seenFc = true;
                }
                case "CONV" -> {
                    if (g.size() != 5) {
                        throw new InvalidSettingException(where
                                + ": CONV takes four numbers (channels, kernel, stride, padding), e.g. CONV_32_5_1_2");
                    }
                    if (seenFc) {
                        throw new InvalidSettingException(where + ": convolutional layers must come before fully-connected ones");
                    }
                    int ch = positive(g.get(1), where, "channels");
                    int k = positive(g.get(2), where, "kernel size");
                    int s = positive(g.get(3), where, "stride");
                    int p = nonNegative(g.get(4), where, "padding");
                    specs.add(new LayerSpec.Conv(ch, k, s, p));
                }
                default -> throw new InvalidSettingException(where + ": unknown layer type '" + g.get(0) + "', expected FC or CONV");
            }
        }
        if (!(specs.get(specs.size() - 1) instanceof LayerSpec.Fc)) {
            throw new InvalidSettingException("topology '" + text + "': the last layer must be FC (the output layer), e.g. ..._FC_10");
        }
        return new Topology(specs);
    }

    private static int positive(String s, String where, String what) {
        int v = integer(s, where, what);
        if (v <= 0) {
            throw new InvalidSettingException(where + ": " + what + " must be a positive integer, got " + s);
        }
        return v;
    }

    private static int nonNegative(String s, String where, String what) {
        int v = integer(s, where, what);
        if (v < 0) {
            throw new InvalidSettingException(where + ": " + what + " must be a non-negative integer, got " + s);
        }
        return v;
    }

    private static int integer(String s, String where, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(where + ": " + what + " must be an integer, got '" + s + "'");
        }
    }

    /** Units of the output layer. */
    public int outputSize() {
        return ((LayerSpec.Fc) layers.get(layers.size() - 1)).units();
    }

    public int size() {
        return layers.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (LayerSpec s : layers) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(s.token());
        }
        return sb.toString();
    }
}
