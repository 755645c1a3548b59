package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.drtp.device.CExport;
import org.drtp.device.DeviceModelFile;
import org.drtp.device.DeviceModels;
import org.drtp.device.ExportDirectory;
import org.drtp.io.SafeTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drtp export-c}: a model file (float, quantised here, or an integer device model) to C99 sources that
 * keep learning on a microcontroller (docs/on-device.md). The directory is written completely or not at all.
 */
@Command(name = "export-c", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a model as C99 sources that predict and keep learning with DRTP on a microcontroller,",
                "in integer arithmetic, bit-exact with 'drtp stream --precision P' (fully-connected networks)."})
public final class ExportCCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "Model file: a float model (quantised on export) or a device model saved by stream --precision.")
    Path model;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Directory to create, or an empty one, or an earlier export to replace (its six files, edits"
                    + " included; a directory holding anything else is refused); written to a temporary directory first.")
    Path out;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        boolean replacing = ExportDirectory.check(out); // before the work: a directory that cannot be used costs nothing
        if (DeviceModelFile.isDeviceModel(SafeTensors.read(model))) {
            // these choose how a float model is quantised; a device model was quantised already and would ignore them
            Errors.refuseGiven(spec, List.of("--lr", "--feedback", "--feedback-seed", "--headroom-bits"),
                    "only used to quantise a float model; --model " + model + " is a device model and keeps its own");
        }
        DeviceModelFile.Loaded d = DeviceModels.open(model, device.settings());
        Map<String, String> about = new LinkedHashMap<>();
        about.put("version", VersionProvider.version());
        about.put("topology", d.topology());
        about.put("source", model.getFileName().toString());
        CExport.Figures f = CExport.write(d.network(), out, about);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "exported %s (%s, %s feedback) to %s%s%n", d.topology(), d.network().precision(),
                d.network().feedback().name().toLowerCase(Locale.ROOT), out, replacing ? " (replaced the earlier export there)" : "");
        w.printf(Locale.ROOT, "static RAM %d bytes (learned state %d, buffers %d); flash constants %d bytes; state %d bytes%n",
                f.ramBytes(), f.learnedStateRamBytes(), f.bufferBytes(), f.constBytes(), f.stateBytes());
        w.flush();
        return 0;
    }
}
