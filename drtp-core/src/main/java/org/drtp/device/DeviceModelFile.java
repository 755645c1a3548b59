package org.drtp.device;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drtp.data.DataException;
import org.drtp.io.SafeTensors;

/**
 * An integer (device) model in a safetensors file: format {@code drtp-device-model}; the weight, bias and
 * stored feedback codes as I64 tensors ({@code layers.K.weight}, {@code layers.K.bias}, {@code feedback.K}),
 * and in the metadata the topology, precision, every layer's constants and the generator states, so that
 * learning resumes bit for bit and {@code drtp export-c} exports exactly this state (docs/on-device.md).
 */
public final class DeviceModelFile {

    public static final String FORMAT = "drtp-device-model";
    public static final int VERSION = 1;

    private DeviceModelFile() {
    }

    /** True if the file's metadata says it is a device model (any other file is left to ModelFile). */
    public static boolean isDeviceModel(SafeTensors.Content c) {
        return FORMAT.equals(c.metadata().get("format"));
    }

    public static void save(Path path, DeviceNetwork net, String topology) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", Integer.toString(VERSION));
        m.put("topology", topology);
        m.put("precision", net.precision().id());
        m.put("feedback", net.feedback().name().toLowerCase());
        m.put("feedback_seed", Integer.toString(net.feedbackSeed()));
        m.put("initial_dither", Integer.toString(net.initialDither()));
        m.put("dither", Integer.toString(net.dither()));
        m.put("learned", Integer.toString(net.learned()));
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        List<DeviceLayer> layers = net.layers();
        for (int k = 0; k < layers.size(); k++) {
            DeviceLayer l = layers.get(k);
            m.put("layer." + k, l.inputs() + "," + l.outputs() + "," + (l.hidden() ? 1 : 0) + "," + l.inputExp() + ","
                    + l.weightExp() + "," + l.weightMax() + "," + l.signalExp() + "," + l.lrMantissa() + "," + l.gradShift()
                    + "," + l.updateShift() + "," + l.biasShift());
            t.put("layers." + k + ".weight", SafeTensors.Tensor.i64(new int[] {l.outputs(), l.inputs()}, longs(l.weights())));
            t.put("layers." + k + ".bias", SafeTensors.Tensor.i64(new int[] {l.outputs()}, longs(l.biases())));
            if (l.hidden()) {
                m.put("feedback_exp." + k, Integer.toString(net.feedbackExp(k)));
                byte[] codes = net.feedbackCodes(k);
                if (codes != null) {
                    long[] v = new long[codes.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = codes[i];
                    }
                    t.put("feedback." + k, SafeTensors.Tensor.i64(new int[] {net.classes(), l.outputs()}, v));
                }
            }
        }
        SafeTensors.write(path, m, t);
    }

    /** A loaded device model and its topology string. */
    public record Loaded(DeviceNetwork network, String topology) {
    }

    public static Loaded load(Path path) {
        return fromContent(SafeTensors.read(path), path.toString());
    }

    public static Loaded fromContent(SafeTensors.Content c, String source) {
        if (!isDeviceModel(c)) {
            throw new DataException(source + ": metadata format is not '" + FORMAT + "'");
        }
        String version = c.requireMeta(source, "format_version");
        if (!version.equals(Integer.toString(VERSION))) {
            throw new DataException(source + ": device model format version " + version + " is not supported (this drtp reads "
                    + VERSION + ")");
        }
        String field = "precision";
        try {
            Precision p = Precision.parse(c.requireMeta(source, "precision"));
            if (!p.isInteger()) {
                throw new IllegalArgumentException("not an integer precision");
            }
            field = "feedback";
            DeviceNetwork.Feedback fb = DeviceNetwork.Feedback.valueOf(c.requireMeta(source, field).toUpperCase());
            List<DeviceLayer> layers = new ArrayList<>();
            int depth = 0;
            while (c.metadata().containsKey("layer." + depth)) {
                depth++;
            }
            if (depth < 2) {
                throw new IllegalArgumentException("needs at least 2 layers");
            }
            byte[][] codes = fb == DeviceNetwork.Feedback.STORED ? new byte[depth - 1][] : null;
            int[] fbExp = new int[depth - 1];
            int classes = 0;
            for (int k = 0; k < depth; k++) {
                field = "layer." + k;
                int[] v = ints(c.requireMeta(source, field), 11);
                boolean hidden = v[2] == 1;
                if (hidden != (k < depth - 1) || v[0] <= 0 || v[1] <= 0 || (k > 0 && v[0] != layers.get(k - 1).outputs())
                        || v[3] != (k == 0 ? 8 : 7) || v[4] < 0 || v[4] > 30 || v[5] <= 0 || v[5] > p.typeMax()
                        || (long) v[0] * v[5] * (k == 0 ? 255 : 127) > DeviceLayer.BIAS_MAX || v[7] < 128 || v[7] > 255
                        || v[8] < 0 || v[8] > 30 || v[9] < 1 || v[9] > Quantizer.MAX_UPDATE_SHIFT || v[10] < -7
                        || v[10] != v[9] - 2 * v[3] || v[6] < 0 || v[6] > 30) {
                    throw new IllegalArgumentException("inconsistent layer constants " + Arrays.toString(v));
                }
                field = "layers." + k + ".weight";
                int[] w = codes(c, source, field, new int[] {v[1], v[0]}, v[5]);
                field = "layers." + k + ".bias";
                int[] b = codes(c, source, field, new int[] {v[1]}, DeviceLayer.BIAS_MAX);
                layers.add(new DeviceLayer(v[0], v[1], hidden, v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], w, b));
                classes = v[1];
            }
            for (int k = 0; k < depth - 1; k++) {
                field = "feedback_exp." + k;
                fbExp[k] = c.requireInt(source, field);
                if (codes != null) {
                    field = "feedback." + k;
                    int[] f = codes(c, source, field, new int[] {classes, layers.get(k).outputs()}, 128);
                    codes[k] = new byte[f.length];
                    for (int i = 0; i < f.length; i++) {
                        codes[k][i] = (byte) f[i];
                    }
                }
            }
            field = "dither";
            DeviceNetwork net = new DeviceNetwork(p, layers, fb, codes, fbExp,
                    c.requireInt(source, "feedback_seed"), c.requireInt(source, "initial_dither"));
            byte[] state = net.saveState();
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(state).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bb.putInt(12, c.requireInt(source, "dither"));
            bb.putInt(16, c.requireInt(source, "learned"));
            net.loadState(state);
            return new Loaded(net, c.requireMeta(source, "topology"));
        } catch (IllegalArgumentException e) {
            throw new DataException(source + ": invalid device model field '" + field + "': " + e.getMessage(), e);
        }
    }

    private static int[] codes(SafeTensors.Content c, String source, String name, int[] shape, int max) {
        SafeTensors.Tensor t = c.require(source, name);
        if (t.i64() == null || !Arrays.equals(t.shape(), shape)) {
            throw new DataException(source + ": tensor '" + name + "' is " + t.dtype() + " " + Arrays.toString(t.shape())
                    + ", expected I64 " + Arrays.toString(shape));
        }
        long[] v = t.i64();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < -max || v[i] > max) {
                throw new DataException(source + ": tensor '" + name + "' holds " + v[i] + " at index " + i
                        + ", outside +-" + max);
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private static long[] longs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static int[] ints(String s, int n) {
        String[] parts = s.split(",");
        if (parts.length != n) {
            throw new IllegalArgumentException("expected " + n + " comma-separated integers, got '" + s + "'");
        }
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = Integer.parseInt(parts[i].trim());
        }
        return v;
    }
}
