package org.drtp.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drtp.data.DataException;
import org.drtp.io.SafeTensors;
import org.drtp.data.Dataset;
import org.drtp.nn.Network;
import org.drtp.rule.LearningRule;
import org.drtp.settings.InvalidSettingException;
import org.drtp.testing.TestNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device code says which setting or which input is wrong with typed exceptions, so that a front end names its
 * own flag and keeps a plain IllegalArgumentException for its own faults (exit code 1, "internal error").
 */
class DeviceErrorsTest {

    private static DeviceNetwork network() {
        Dataset data = TestNets.argmaxDataset("d", 50, 8, 3, 1);
        LearningRule[] rule = new LearningRule[1];
        Network net = OnePass.initialNetwork("FC_16_FC_3", data, 7, rule);
        return new Quantizer(Precision.INT8, DeviceNetwork.Feedback.STORED, 1, Quantizer.DEFAULT_HEADROOM_BITS)
                .quantize(net, rule[0], 0.01, "FC_16_FC_3");
    }

    @Test
    void anUnknownPrecisionNamesTheSettingAndTheAcceptedIds() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Precision.parse("int9"));
        assertEquals("precision", e.setting());
        assertEquals("unknown precision 'int9', expected one of " + Precision.IDS, e.problem());
    }

    @Test
    void aLearningRateTooLargeForTheArithmeticNamesLr() {
        Dataset data = TestNets.argmaxDataset("d", 50, 8, 3, 1);
        LearningRule[] rule = new LearningRule[1];
        Network net = OnePass.initialNetwork("FC_16_FC_3", data, 7, rule);
        Quantizer q = new Quantizer(Precision.INT8, DeviceNetwork.Feedback.STORED, 1, Quantizer.DEFAULT_HEADROOM_BITS);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> q.quantize(net, rule[0], 1e6, "m"));
        assertEquals("lr", e.setting());
        assertTrue(e.problem().contains("too large for int8"), e.problem());
    }

    @Test
    void badExamplesAndLabelsAreDataErrors() {
        DeviceNetwork n = network();
        int[] ok = new int[n.inputs()];
        assertTrue(assertThrows(DataException.class, () -> n.learn(ok, 3)).getMessage().contains("label 3 outside 0..2"));
        assertTrue(assertThrows(DataException.class, () -> n.learn(new int[2], 0)).getMessage()
                .contains("example has 2 values, the network expects 8"));
        int[] bright = ok.clone();
        bright[5] = 256;
        assertTrue(assertThrows(DataException.class, () -> n.predict(bright)).getMessage().contains("outside 0..255"));
        assertThrows(DataException.class, () -> new DeviceLearner(n).predictThenLearn(new float[3], 0));
    }

    @Test
    void aDeviceModelFieldThatIsNotAnIntegerIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dev.safetensors");
        DeviceModelFile.save(file, network(), "FC_16_FC_3");
        SafeTensors.Content good = SafeTensors.decode(Files.readAllBytes(file), "dev.safetensors");
        for (String field : new String[] {"dither", "learned", "feedback_seed", "initial_dither", "feedback_exp.0"}) {
            Map<String, String> meta = new LinkedHashMap<>(good.metadata());
            meta.put(field, "abc");
            SafeTensors.Content bad = SafeTensors.decode(SafeTensors.encode(meta, good.tensors()), "dev.safetensors");
            DataException e = assertThrows(DataException.class, () -> DeviceModelFile.fromContent(bad, "dev.safetensors"));
            assertEquals("dev.safetensors: metadata field '" + field + "' is 'abc', expected an integer", e.getMessage());
        }
    }
}
