package org.drtp.nn;

import org.drtp.settings.InvalidSettingException;
import org.drtp.tensor.Activation;

/**
 * How a topology is turned into layers (the reference's {@code --hidden-act}, {@code --output-act},
 * {@code --conv-act}, {@code --dropout}, {@code --fc-zero-init}). Defaults are the paper's MNIST protocol:
 * tanh hidden and conv units, sigmoid outputs, no dropout, PyTorch default initialisation.
 */
public record NetworkOptions(Activation hiddenActivation, Activation outputActivation, Activation convActivation,
                             float dropout, boolean fcZeroInit) {

    public NetworkOptions {
        if (hiddenActivation == Activation.NONE) {
            throw new InvalidSettingException("hidden_act", "must be tanh, sigmoid or relu, got none");
        }
        if (convActivation == Activation.NONE) {
            throw new InvalidSettingException("conv_act", "must be tanh, sigmoid or relu, got none");
        }
        if (outputActivation == Activation.RELU) {
            throw new InvalidSettingException("output_act", "must be sigmoid, tanh or none, got relu");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new InvalidSettingException("dropout", "expected a probability in [0, 1), got " + dropout);
        }
    }

    public static NetworkOptions defaults() {
        return new NetworkOptions(Activation.TANH, Activation.SIGMOID, Activation.TANH, 0f, false);
    }

    public NetworkOptions withHiddenActivation(Activation a) {
        return new NetworkOptions(a, outputActivation, convActivation, dropout, fcZeroInit);
    }

    public NetworkOptions withOutputActivation(Activation a) {
        return new NetworkOptions(hiddenActivation, a, convActivation, dropout, fcZeroInit);
    }

    public NetworkOptions withConvActivation(Activation a) {
        return new NetworkOptions(hiddenActivation, outputActivation, a, dropout, fcZeroInit);
    }

    public NetworkOptions withDropout(float p) {
        return new NetworkOptions(hiddenActivation, outputActivation, convActivation, p, fcZeroInit);
    }

    public NetworkOptions withFcZeroInit(boolean zero) {
        return new NetworkOptions(hiddenActivation, outputActivation, convActivation, dropout, zero);
    }
}
