package org.drtp.cli;

import java.nio.file.Path;

/** Where model files go (checked before training by {@link Outputs#checkFile}, so that a bad path does not cost a finished run). */
final class ModelOutput {

    private ModelOutput() {
    }

    /**
     * Checks, before training, every file {@code train --save FILE} will write ({@code FILE} itself, or one per trial):
     * each can be written, and none holds a model saved earlier unless {@code --overwrite} was given.
     */
    static void checkSaves(Path save, int trials, boolean overwrite) {
        for (int t = 0; t < trials; t++) {
            Outputs.checkNewFile(trials == 1 ? save : perTrial(save, t), "--save", overwrite, "");
        }
    }

    /** {@code model.safetensors} -> {@code model-trial2.safetensors} for trial index 1. */
    static Path perTrial(Path file, int trial) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + "-trial" + (trial + 1) + ext);
    }
}
