package org.drtp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.drtp.train.Checkpoints;

/** Where model files go (checked before training by {@link Outputs#checkFile}, so that a bad path does not cost a finished run). */
final class ModelOutput {

    private ModelOutput() {
    }

    /**
     * Checks, before training, every file {@code train --save FILE} will write ({@code FILE} itself, or one per trial):
     * each can be written, and none holds a model saved earlier unless {@code --overwrite} was given.
     */
    static void checkSaves(Path save, int trials, boolean overwrite) {
        checkSaves(save, trials, overwrite, null);
    }

    /**
     * As {@link #checkSaves(Path, int, boolean)}; with {@code resumed} (the checkpoints of a run being resumed), an
     * existing file is replaced without --overwrite only when that run recorded it as its own save
     * ({@link Checkpoints#saved}): what it wrote before it was stopped, never another file.
     */
    static void checkSaves(Path save, int trials, boolean overwrite, Checkpoints resumed) {
        for (int t = 0; t < trials; t++) {
            Path file = file(save, trials, t);
            boolean own = resumed != null && resumed.saved(file);
            Outputs.checkNewFile(file, "--save", overwrite || own, resumed == null ? ""
                    : ", not by the run checkpointed in --checkpoint-dir " + resumed.dir());
        }
    }

    /**
     * Refuses a save file (any trial's) that is, or lies inside, one of the paths the run itself writes: the files
     * of its --out directory and of its --checkpoint-dir ({@code taken}: path, flag). Saving there would replace a
     * model with a run file, or a run file with the model.
     */
    static void checkNotTaken(Path save, int trials, Map<Path, String> taken) {
        for (int t = 0; t < trials; t++) {
            Path file = file(save, trials, t);
            Path f = canonical(file);
            taken.forEach((p, flag) -> {
                Path c = canonical(p);
                if (f.startsWith(c)) {
                    throw new Errors.UsageException("--save " + file + ": " + (f.equals(c) ? "is" : "lies in")
                            + " the run's own " + p.getFileName() + " (of " + flag + "): save the model under another name");
                }
            });
        }
    }

    /** An absolute path with its existing directory's links resolved, so that two spellings of one file compare equal. */
    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            return parent != null && Files.isDirectory(parent) ? parent.toRealPath().resolve(abs.getFileName()) : abs;
        } catch (IOException e) {
            return abs;
        }
    }

    /** The file trial {@code trial} (0-based) of a run of {@code trials} saves to: --save itself, or one per trial. */
    static Path file(Path save, int trials, int trial) {
        return trials == 1 ? save : perTrial(save, trial);
    }

    /** {@code model.safetensors} -> {@code model-trial2.safetensors} for trial index 1. */
    private static Path perTrial(Path file, int trial) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return file.resolveSibling(stem + "-trial" + (trial + 1) + ext);
    }
}
