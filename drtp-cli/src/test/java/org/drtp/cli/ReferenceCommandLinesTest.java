package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.drtp.cli.CliRun.Result;
import org.drtp.data.Cifar10Format;
import org.drtp.data.IdxFile;
import org.drtp.data.MnistFormat;
import org.drtp.train.Augmentation;
import org.drtp.train.EarlyStopping;
import org.drtp.train.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Command lines written for the reference's {@code main.py} (docs/semantics.md, "Reference command lines"): its
 * options in its spelling mean what they mean there, or stop with a one-line message; flags without effect here
 * are accepted with a note. Also {@code --early-stop-patience} with {@code --validation-split}.
 */
class ReferenceCommandLinesTest {

    @TempDir
    Path tmp;

    /** A command line as main.py's docstring or the issue writes it, with --data-dir (and --json) appended. */
    private static String[] line(String reference, String... extra) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(Arrays.asList(reference.trim().split("\\s+")));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    /** The run configuration {@code drtp train} builds from these arguments, without training. */
    private static TrainingOptions parse(String... args) {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.options;
    }

    /** A small MNIST in IDX files (the reference's --dataset MNIST): 40 training and 20 test digits of noise. */
    private Path tinyMnist() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        int[] sizes = {40, 20};
        for (int part = 0; part < 2; part++) {
            int n = sizes[part];
            byte[] pixels = new byte[n * 28 * 28];
            byte[] labels = new byte[n];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 37 + part);
            }
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            Files.write(dir.resolve(MnistFormat.FILES.get(2 * part)), IdxFile.encodeUbyte(new int[] {n, 28, 28}, pixels));
            Files.write(dir.resolve(MnistFormat.FILES.get(2 * part + 1)), IdxFile.encodeUbyte(new int[] {n}, labels));
        }
        return dir;
    }

    /** A small CIFAR-10 in the binary layout: three images per file. */
    private Path tinyCifar() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("cifar"));
        int i = 0;
        for (String f : Cifar10Format.files()) {
            byte[] pixels = new byte[3 * Cifar10Format.IMAGE_BYTES];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) (p * 31 + i * 7);
            }
            Files.write(dir.resolve(f), Cifar10Format.encode(new int[] {i % 10, (i + 3) % 10, (i + 6) % 10}, pixels));
            i++;
        }
        return dir;
    }

    /** The example of main.py's docstring (its README points there), with 1 epoch instead of 200. */
    @Test
    void theReferencesCifarExampleTrainsAsWritten() throws IOException {
        Result r = run(line("--dataset CIFAR10aug --train-mode DRTP --epochs 1 --freeze-conv-layers --dropout 0.05"
                + " --topology CONV_64_3_1_1_CONV_256_3_1_1_FC_2000_FC_10 --loss CE --output-act none --lr 5e-4",
                "--data-dir", tinyCifar().toString(), "--json"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("note: --dataset CIFAR10aug is cifar10 with --augment flip"), r.err());
        // It leaves --optimizer (main.py: NAG) and --batch-size (main.py: 100) to the defaults: said, not hidden.
        assertTrue(r.err().contains("drtp's defaults apply to those not given and differ from main.py's: --optimizer adam"
                + " (main.py: NAG), --batch-size 60 (main.py: 100)"), r.err());
        JsonNode json = r.json();
        assertEquals("cifar10", json.get("dataset").asText());
        assertEquals("drtp", json.get("train_mode").asText());
        assertEquals("ce", json.get("loss").asText());
        RunConfig c = parse(("--dataset CIFAR10aug --train-mode DRTP --freeze-conv-layers --dropout 0.05 --loss CE"
                + " --output-act none").split(" ")).toRunConfig();
        assertEquals(Augmentation.FLIP, c.augmentation());
        assertTrue(c.freezeConvLayers());
        assertEquals(0.05f, c.network().dropout());
    }

    /** The MNIST line: the reference's SGD is SGD with momentum 0.9, never drtp's plain sgd. */
    @Test
    void theReferencesSgdTrainsWithMomentumAndSaysSo() throws IOException {
        Result r = run(line("--dataset MNIST --train-mode DRTP --optimizer SGD --lr 1e-4 --epochs 1 --batch-size 100"
                + " --topology CONV_32_5_1_2_FC_1000_FC_10", "--data-dir", tinyMnist().toString(), "--json"));
        assertEquals(0, r.code(), r.err());
        assertEquals("momentum", r.json().get("optimizer").asText());
        assertEquals("mnist", r.json().get("dataset").asText());
        assertEquals(List.of("note: --optimizer SGD is the reference's: SGD with momentum 0.9 (drtp's momentum; plain SGD is sgd)"),
                r.err().lines().toList(), "every option given: no note about defaults");
        // drtp's own lower-case sgd stays plain SGD; any other capitalisation is refused in one line.
        assertEquals("sgd", parse("--optimizer", "sgd").toRunConfig().optimizer());
        Result ambiguous = run("train", "--optimizer", "Sgd", "--epochs", "1");
        assertEquals(Errors.USAGE, ambiguous.code());
        assertTrue(ambiguous.err().startsWith("drtp train: --optimizer: optimizer 'Sgd' is ambiguous")
                || ambiguous.err().contains("--optimizer: optimizer 'Sgd' is ambiguous"), ambiguous.err());
        assertEquals(1, ambiguous.err().lines().filter(l -> !l.startsWith("Try '")).count(), ambiguous.err());
    }

    /** Every option of main.py, in its spelling, and drtp's reading of it (the table in docs/semantics.md). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--dataset MNIST                 | dataset=mnist",
        "--dataset CIFAR10               | dataset=cifar10",
        "--dataset CIFAR10aug            | dataset=cifar10 augment=flip",
        "--dataset regression_synth      | dataset=synthetic-regression",
        "--dataset classification_synth  | dataset=synthetic-classification",
        "--train-mode BP                 | train_mode=bp",
        "--train-mode FA                 | train_mode=fa",
        "--train-mode DFA                | train_mode=dfa",
        "--train-mode DRTP               | train_mode=drtp",
        "--train-mode sDFA               | train_mode=sdfa",
        "--train-mode shallow            | train_mode=shallow",
        "--optimizer SGD                 | optimizer=momentum",
        "--optimizer NAG                 | optimizer=nag",
        "--optimizer Adam                | optimizer=adam",
        "--optimizer RMSprop             | optimizer=rmsprop",
        "--loss MSE                      | loss=mse",
        "--loss BCE                      | loss=bce",
        "--loss CE --output-act none     | loss=ce",
        "--freeze-conv-layers            | freeze_conv_layers=true",
        "--fc-zero-init                  | fc_zero_init=true",
        "--dropout 0.25                  | dropout=0.25",
        "--trials 3                      | trials=3",
        "--epochs 7                      | epochs=7",
        "--batch-size 100                | batch_size=100",
        "--lr 1e-4                       | lr=1.0E-4",
        "--topology CONV_32_5_1_2_FC_1000_FC_10 | topology=CONV_32_5_1_2_FC_1000_FC_10",
        "--conv-act relu                 | conv_act=relu",
        "--hidden-act sigmoid            | hidden_act=sigmoid",
        "--output-act tanh --loss MSE    | output_act=tanh",
        "--test-batch-size 1000          | (no effect)",
        "--cpu                           | (no effect)",
    })
    void everyOptionOfMainPyIsAcceptedWithItsMeaning(String reference, String expected) {
        TrainingOptions o = parse(reference.trim().split("\\s+"));
        RunConfig c = o.toRunConfig();
        String actual = "dataset=" + o.datasetId() + " augment=" + c.augmentation().id() + " train_mode=" + c.trainMode()
                + " optimizer=" + c.optimizer() + " loss=" + c.loss().id() + " freeze_conv_layers=" + c.freezeConvLayers()
                + " fc_zero_init=" + c.network().fcZeroInit() + " dropout=" + c.network().dropout() + " trials=" + c.trials()
                + " epochs=" + c.epochs() + " batch_size=" + c.batchSize() + " lr=" + c.lr() + " topology=" + c.topology()
                + " conv_act=" + c.network().convActivation().id() + " hidden_act=" + c.network().hiddenActivation().id()
                + " output_act=" + c.network().outputActivation().id();
        if (expected.equals("(no effect)")) {
            assertEquals(parse().toRunConfig(), c, "changes nothing");
            assertEquals(1, o.notes(Set.of()).size(), "and says so");
            assertTrue(o.notes(Set.of()).get(0).contains("has no effect"), o.notes(Set.of()).toString());
            return;
        }
        for (String part : expected.split(" ")) {
            assertTrue((" " + actual + " ").contains(" " + part + " "), part + " in " + actual);
        }
    }

    @Test
    void flagsWithoutEffectAreAcceptedWithANote() throws IOException {
        Result r = run("train", "--cpu", "--test-batch-size", "1000", "--topology", "FC_8_FC_10", "--epochs", "1",
                "--dataset", "mnist", "--data-dir", tinyMnist().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("note: --cpu has no effect: drtp always runs on the CPU"), r.err());
        assertTrue(r.err().contains("note: --test-batch-size has no effect"), r.err());
        Result bad = run("train", "--test-batch-size", "0", "--epochs", "1");
        assertEquals(Errors.USAGE, bad.code());
        assertTrue(bad.err().contains("--test-batch-size"), bad.err());
    }

    @Test
    void aRegressionRunIsSummarisedByItsTestLossNotAnErrorRate() {
        Result r = run("train", "--dataset", "synthetic-regression", "--topology", "FC_8_FC_10", "--loss", "mse",
                "--output-act", "tanh", "--epochs", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(" on synthetic-regression: test loss "), r.out());
        assertFalse(r.out().contains("test error"), r.out());
    }

    // ---------------------------------------------------------------- early stopping

    @Test
    void earlyStoppingOnAValidationSplitEndsAFlatRunAndSaysWhy() throws IOException {
        // A learning rate far below float resolution: nothing moves, the validation error is flat from epoch 1.
        Result r = run("train", "--topology", "FC_8_FC_10", "--lr", "1e-12", "--epochs", "30", "--early-stop-patience", "2",
                "--validation-split", "0.2", "--dataset", "mnist", "--data-dir", tinyMnist().toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("stopped early after epoch 3: validation error best at epoch 1"), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.contains("epoch ") && l.contains("/30")).count(), r.out());
        assertEquals(3, r.json().get("stopped_early_after_epoch").get(0).asInt(), r.out());
        assertTrue(r.out().contains("over 1 trial(s) (mean of the last 3 epochs)"), r.out());
        RunConfig c = parse("--early-stop-patience", "2", "--validation-split", "0.2").toRunConfig();
        assertEquals(EarlyStopping.onValidation(2, 0.2), c.earlyStopping());
        assertEquals(EarlyStopping.onTest(4), parse("--early-stop-patience", "4", "--early-stop-on", "test").toRunConfig()
                .earlyStopping());
        assertEquals(EarlyStopping.onValidation(3, 0.1), parse("--early-stop-patience", "3").toRunConfig().earlyStopping());
        assertEquals(EarlyStopping.NONE, parse().toRunConfig().earlyStopping());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--validation-split 0.2                                        | --validation-split",
        "--early-stop-patience 2 --validation-split 1.5                | --validation-split",
        "--early-stop-patience 2 --early-stop-on test --validation-split 0.2 | --validation-split",
        "--early-stop-patience -1                                      | --early-stop-patience",
        "--early-stop-patience 2 --early-stop-on train                 | --early-stop-on",
    })
    void badEarlyStoppingFlagsAreOneLineUsageErrors(String flags, String named) {
        List<String> args = new ArrayList<>(List.of("train", "--epochs", "1"));
        args.addAll(Arrays.asList(flags.trim().split("\\s+")));
        Result r = run(args.toArray(String[]::new));
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertTrue(r.err().lines().findFirst().orElse("").contains(named), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.startsWith("Try '")).count(), r.err());
    }

    @Test
    void earlyStoppingIsRefusedWithCheckpointsBeforeAnythingIsWritten() {
        Path ck = tmp.resolve("ck");
        Result r = run("train", "--epochs", "1", "--early-stop-patience", "2", "--checkpoint-dir", ck.toString());
        assertEquals(Errors.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--early-stop-patience cannot be combined with --checkpoint-dir"), r.err());
        assertFalse(Files.exists(ck));
    }
}
