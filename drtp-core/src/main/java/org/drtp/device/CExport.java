package org.drtp.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link DeviceNetwork} as C99 sources (docs/on-device.md, "The exported C"): the fixed arithmetic
 * ({@code drtp_learner.c}, {@code drtp_layer.h}, shipped as resources), the API header, and the generated
 * {@code drtp_model.h/.c} holding the network's constants and its static buffers, plus a README. The directory
 * appears complete or not at all ({@link ExportDirectory}).
 */
public final class CExport {

    /** Files of an export, in the order they are written. */
    public static final List<String> FILES = List.of("drtp_learner.h", "drtp_layer.h", "drtp_model.h", "drtp_model.c",
            "drtp_learner.c", "README.md");

    /**
     * What the exported code occupies, read off the arrays it declares ({@link #measure}): {@code ramBytes} the learned
     * weights and biases, activation and scratch buffers and the two counters; {@code constBytes} the initial
     * weights and biases, feedback codes and activation tables (flash); {@code stateBytes} drtp_state_size().
     */
    public record Figures(long ramBytes, long constBytes, long stateBytes, long learnedStateRamBytes, long bufferBytes,
                          long initialWeightBytes, long feedbackBytes, long tableBytes) {
    }

    private CExport() {
    }

    /** The figures of the sources export-c writes for {@code net}. */
    public static Figures figures(DeviceNetwork net) {
        return measure(sources(net, Map.of()));
    }

    private static final Pattern ARRAY = Pattern.compile(
            "^(static )?(const )?(u?int(?:8|16|32)_t) (\\w+)(?:\\[(\\d+)\\])?( = \\{|;)", Pattern.MULTILINE);

    /**
     * Reads the figures off the generated sources themselves: every array and scalar that drtp_model.c and
     * drtp_learner.c declare at file scope, by type and size (constant ones go to flash, the others to RAM).
     */
    public static Figures measure(Map<String, String> sources) {
        long learned = 0;
        long buffers = 0;
        long init = 0;
        long feedback = 0;
        long tables = 0;
        for (String file : List.of("drtp_model.c", "drtp_learner.c")) {
            Matcher m = ARRAY.matcher(sources.get(file));
            while (m.find()) {
                int width = m.group(3).contains("8") ? 1 : m.group(3).contains("16") ? 2 : 4;
                long bytes = (long) width * (m.group(5) == null ? 1 : Long.parseLong(m.group(5)));
                String name = m.group(4);
                boolean constant = m.group(2) != null;
                if (constant && name.endsWith("_table")) {
                    tables += bytes;
                } else if (constant && name.startsWith("fb")) {
                    feedback += bytes;
                } else if (constant) {
                    init += bytes;
                } else if (name.matches("[wb]\\d+") || name.equals("dither") || name.equals("learned")) {
                    learned += bytes;
                } else {
                    buffers += bytes;
                }
            }
        }
        int state = Integer.parseInt(sources.get("drtp_learner.h").replaceAll("(?s).*#define DRTP_STATE_SIZE (\\d+)u.*", "$1"));
        return new Figures(learned + buffers, init + feedback + tables, state, learned, buffers, init, feedback, tables);
    }

    /**
     * Writes the sources to {@code dir}, which must not exist, be empty, or hold an earlier export and nothing else
     * (replaced only once the new one is complete; {@link ExportDirectory}).
     */
    public static Figures write(DeviceNetwork net, Path dir, Map<String, String> about) throws IOException {
        ExportDirectory.write(dir, sources(net, about));
        return figures(net);
    }

    /** The export's files and their contents (drtp's own resources and the generated model). */
    public static Map<String, String> sources(DeviceNetwork net, Map<String, String> about) {
        Map<String, String> files = new LinkedHashMap<>();
        String model = modelSource(net);
        String learner = resource("drtp_learner.c");
        Map<String, String> forRam = Map.of("drtp_model.c", model, "drtp_learner.c", learner,
                "drtp_learner.h", "#define DRTP_STATE_SIZE " + net.stateSize() + "u");
        Figures fig = measure(forRam);
        String header = resource("drtp_learner.h.template")
                .replace("@DRTP_VERSION@", about.getOrDefault("version", ""))
                .replace("@TOPOLOGY@", about.getOrDefault("topology", "?"))
                .replace("@PRECISION@", net.precision().id())
                .replace("@FEEDBACK@", net.feedback() == DeviceNetwork.Feedback.SEED ? "regenerated from a seed" : "stored")
                .replace("@N_INPUTS@", Integer.toString(net.inputs()))
                .replace("@N_CLASSES@", Integer.toString(net.classes()))
                .replace("@STATE_SIZE@", Integer.toString(net.stateSize()))
                .replace("@RAM_BYTES@", Long.toString(fig.ramBytes()));
        files.put("drtp_learner.h", header);
        files.put("drtp_layer.h", resource("drtp_layer.h"));
        files.put("drtp_model.h", modelHeader(net));
        files.put("drtp_model.c", model);
        files.put("drtp_learner.c", learner);
        files.put("README.md", resource("README.md.template")
                .replace("@TOPOLOGY@", about.getOrDefault("topology", "?"))
                .replace("@SOURCE@", about.getOrDefault("source", "?"))
                .replace("@PRECISION@", net.precision().id())
                .replace("@RAM@", Long.toString(fig.ramBytes()))
                .replace("@CONST@", Long.toString(fig.constBytes()))
                .replace("@STATE@", Long.toString(fig.stateBytes())));
        return files;
    }

    private static String modelHeader(DeviceNetwork net) {
        int maxUnits = 0;
        int maxFanIn = 0;
        for (DeviceLayer l : net.layers()) {
            maxUnits = Math.max(maxUnits, l.outputs());
            maxFanIn = Math.max(maxFanIn, l.inputs());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("/* drtp_model.h: generated by drtp export-c; the network's sizes and constants. */\n");
        sb.append("#ifndef DRTP_MODEL_H\n#define DRTP_MODEL_H\n\n#include <stdint.h>\n\n");
        sb.append("#define DRTP_N_LAYERS ").append(net.layers().size()).append('\n');
        sb.append("#define DRTP_WEIGHT_BITS ").append(net.precision().weightBits()).append('\n');
        sb.append("typedef int").append(net.precision().weightBits()).append("_t drtp_weight_t;\n");
        sb.append("#define DRTP_STOCHASTIC ").append(net.precision().stochastic() ? 1 : 0)
                .append(" /* stochastic rounding of weight updates (1) or round to nearest (0) */\n");
        sb.append("#define DRTP_MAX_UNITS ").append(maxUnits).append('\n');
        sb.append("#define DRTP_MAX_FANIN ").append(maxFanIn).append('\n');
        sb.append("#define DRTP_BIAS_MAX ").append(DeviceLayer.BIAS_MAX).append('\n');
        sb.append("#define DRTP_FEEDBACK_SEED ").append(hex(net.feedbackSeed())).append('\n');
        sb.append("#define DRTP_DITHER_INIT ").append(hex(net.initialDither())).append('\n');
        sb.append("#define DRTP_LAYOUT_ID ").append(hex(net.layoutId())).append('\n');
        sb.append("#define DRTP_STATE_VERSION ").append(DeviceNetwork.STATE_VERSION).append("u\n");
        sb.append("\n#endif\n");
        return sb.toString();
    }

    private static String modelSource(DeviceNetwork net) {
        String wt = "int" + net.precision().weightBits() + "_t";
        StringBuilder sb = new StringBuilder();
        sb.append("/* drtp_model.c: generated by drtp export-c; initial weights (flash), learned state and buffers (RAM). */\n");
        sb.append("#include \"drtp_layer.h\"\n\n");
        List<DeviceLayer> layers = net.layers();
        for (int k = 0; k < layers.size(); k++) {
            DeviceLayer l = layers.get(k);
            sb.append(String.format(Locale.ROOT, "/* layer %d: %d -> %d, %s, fa %d, fw %d, fd %d, learning rate %.6g */%n",
                    k, l.inputs(), l.outputs(), l.hidden() ? "tanh" : "sigmoid", l.inputExp(), l.weightExp(), l.signalExp(),
                    l.effectiveLearningRate()));
            sb.append("static ").append(wt).append(" w").append(k).append('[').append(l.weights().length).append("];\n");
            sb.append("static int32_t b").append(k).append('[').append(l.outputs()).append("];\n");
            if (l.hidden()) {
                sb.append("static int8_t h").append(k).append('[').append(l.outputs()).append("];\n");
            }
            array(sb, "static const " + wt, "w" + k + "_init", l.weights(), 16);
            array(sb, "static const int32_t", "b" + k + "_init", l.biases(), 8);
            byte[] fb = l.hidden() ? net.feedbackCodes(k) : null;
            if (fb != null) {
                int[] v = new int[fb.length];
                for (int i = 0; i < fb.length; i++) {
                    v[i] = fb[i];
                }
                sb.append(String.format(Locale.ROOT, "/* feedback rows B_%d[label][unit], code c means c * 2^-%d */%n", k,
                        net.feedbackExp(k)));
                array(sb, "static const int8_t", "fb" + k, v, 16);
            }
            sb.append('\n');
        }
        int maxUnits = 0;
        int maxFanIn = 0;
        for (DeviceLayer l : layers) {
            maxUnits = Math.max(maxUnits, l.outputs());
            maxFanIn = Math.max(maxFanIn, l.inputs());
        }
        // literal sizes (equal to DRTP_MAX_UNITS / DRTP_MAX_FANIN) so that measure() reads them off the source
        sb.append("int32_t drtp_acc[").append(maxUnits).append("];\nint32_t drtp_signal[").append(maxUnits).append("];\n");
        sb.append("uint16_t drtp_nz_index[").append(maxFanIn).append("];\nint16_t drtp_nz_value[").append(maxFanIn)
                .append("];\n\n");
        array(sb, "const int8_t", "drtp_tanh_table", Tables.tanh(), 16);
        array(sb, "const uint8_t", "drtp_sigmoid_table", Tables.sigmoid(), 16);
        sb.append("\nconst drtp_layer_t drtp_layers[DRTP_N_LAYERS] = {\n");
        for (int k = 0; k < layers.size(); k++) {
            DeviceLayer l = layers.get(k);
            int shift = l.hidden() ? l.tanhShift() : l.sigmoidShift();
            sb.append(String.format(Locale.ROOT, "    {%d, %d, %d, %d, %d, %d, %d, %d, %d, w%d, b%d, w%d_init, b%d_init, %s, %s},%n",
                    l.inputs(), l.outputs(), l.hidden() ? 1 : 0, shift, l.lrMantissa(), l.gradShift(), l.updateShift(),
                    l.biasShift(), l.weightMax(), k, k, k, k,
                    l.hidden() && net.feedback() == DeviceNetwork.Feedback.STORED ? "fb" + k : "0",
                    l.hidden() ? "h" + k : "0"));
        }
        sb.append("};\n");
        return sb.toString();
    }

    private static void array(StringBuilder sb, String type, String name, int[] v, int perLine) {
        sb.append(type).append(' ').append(name).append('[').append(v.length).append("] = {");
        for (int i = 0; i < v.length; i++) {
            if (i % perLine == 0) {
                sb.append("\n   ");
            }
            sb.append(' ');
            // INT32_MIN cannot be written as a literal; the bounds keep codes far from it
            sb.append(v[i]).append(',');
        }
        sb.append("\n};\n");
    }

    private static String hex(int v) {
        return String.format(Locale.ROOT, "0x%08Xu", v);
    }

    static String resource(String name) {
        try (InputStream in = CExport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
