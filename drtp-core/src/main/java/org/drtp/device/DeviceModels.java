package org.drtp.device;

import java.nio.file.Path;
import org.drtp.model.ModelFile;
import org.drtp.io.SafeTensors;
import org.drtp.settings.InvalidSettingException;

/**
 * Opens a model file as an integer network: a device model as it is, a float model (drtp's ModelFile)
 * checked and quantised with the given settings. Shared by {@code export-c}, {@code stream} and {@code inspect}.
 */
public final class DeviceModels {

    /**
     * Quantisation settings for float models.
     *
     * @param precision    integer precision (a device model must already have it, or this is null to accept any)
     * @param lr           learning rate of plain SGD at batch 1
     * @param feedback     stored feedback codes or rows regenerated from {@code feedbackSeed}
     * @param headroomBits bits left above the largest weight for growth while learning
     */
    public record Settings(Precision precision, double lr, DeviceNetwork.Feedback feedback, int feedbackSeed,
                           int headroomBits) {
    }

    private DeviceModels() {
    }

    public static DeviceModelFile.Loaded open(Path file, Settings s) {
        SafeTensors.Content c = SafeTensors.read(file);
        String source = file.toString();
        if (DeviceModelFile.isDeviceModel(c)) {
            DeviceModelFile.Loaded d = DeviceModelFile.fromContent(c, source);
            if (s.precision() != null && !s.precision().equals(d.network().precision())) {
                throw new InvalidSettingException("precision", s.precision() + ": " + source + " is a "
                        + d.network().precision() + " device model; its precision cannot be changed");
            }
            return d;
        }
        ModelFile.Model m = ModelFile.fromContent(c, source);
        Quantizer.checkSupported(m.network(), m.rule(), m.loss(), m.normalization(), source);
        Precision p = s.precision() != null ? s.precision() : Precision.INT8;
        DeviceNetwork net = new Quantizer(p, s.feedback(), s.feedbackSeed(), s.headroomBits())
                .quantize(m.network(), m.rule(), s.lr(), source);
        return new DeviceModelFile.Loaded(net, m.network().topology().toString());
    }
}
