package org.drtp.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.drtp.settings.InvalidSettingException;

/**
 * A network topology in the reference implementation's string format, e.g. {@code FC_500_FC_500_FC_10} or
 * {@code CONV_32_5_1_2_FC_1000_FC_10}: tokens separated by underscores, a token without digits starts a
 * layer, whose kind ({@link #KINDS}) says how many numbers follow ({@code FC} takes one: units; {@code CONV} takes
 * four: channels, kernel, stride, padding). Spatial layers (convolutions) must come before the layers that flatten
 * their input, and the last layer must be one that can be the output (fully-connected).
 */
public record Topology(List<LayerSpec> layers) {

    /** The layer kinds a topology string may name, in the order messages list them. */
    public static final List<LayerKind> KINDS = List.of(FcSpec.KIND, ConvSpec.KIND);

    public Topology {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new InvalidSettingException("a topology needs at least one layer");
        }
    }

    /** Parses a topology string of the {@link #KINDS}; the error says which part is wrong and what was expected. */
    public static Topology parse(String text) {
        return parse(text, KINDS);
    }

    /** Parses a topology string whose elements are of the given {@code kinds}. */
    public static Topology parse(String text, List<LayerKind> kinds) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingException("topology is empty: expected e.g. FC_500_FC_10 or CONV_32_5_1_2_FC_1000_FC_10");
        }
        String names = String.join(" or ", kinds.stream().map(LayerKind::name).toList());
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
                throw new InvalidSettingException("topology '" + text + "': must start with a layer type (" + names
                        + "), found '" + t + "'");
            }
            groups.get(groups.size() - 1).add(t);
        }
        List<LayerSpec> specs = new ArrayList<>();
        LayerSpec flattening = null;
        for (List<String> g : groups) {
            String where = "topology '" + text + "', layer " + (specs.size() + 1) + " (" + String.join("_", g) + ")";
            LayerKind kind = kind(kinds, g.get(0));
            if (kind == null) {
                throw new InvalidSettingException(where + ": unknown layer type '" + g.get(0) + "', expected " + names);
            }
            LayerSpec spec = kind.parse(g.subList(1, g.size()), where);
            if (spec.spatial() && flattening != null) {
                throw new InvalidSettingException(where + ": " + kind.name() + " needs an image input, so it must come"
                        + " before the layers that flatten it (here " + flattening.token() + ")");
            }
            if (!spec.spatial() && flattening == null) {
                flattening = spec;
            }
            specs.add(spec);
        }
        if (!specs.get(specs.size() - 1).canBeOutput()) {
            List<String> outputs = kinds.stream().filter(k -> k.exampleSpec().canBeOutput()).map(LayerKind::name).toList();
            throw new InvalidSettingException("topology '" + text + "': the last layer must be " + String.join(" or ", outputs)
                    + " (the output layer), e.g. ..._FC_10");
        }
        return new Topology(specs);
    }

    private static LayerKind kind(List<LayerKind> kinds, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (LayerKind k : kinds) {
            if (k.name().equals(upper)) {
                return k;
            }
        }
        return null;
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
