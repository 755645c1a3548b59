package org.drtp.experiment;

import java.util.ArrayList;
import java.util.List;
import org.drtp.data.Dataset;
import org.drtp.data.DatasetCatalog;
import org.drtp.data.TrainTest;
import org.drtp.nn.Topology;
import org.drtp.random.Rng;
import org.drtp.tensor.Shape;
import org.drtp.train.RunConfig;
import org.drtp.train.Settings;

/** A table-1-shaped grid small enough to run in a second: 3 classes, 6 inputs, tiny networks, 2 epochs. */
public final class TinyGrid {

    public static final String DATASET = "tiny-test";

    static {
        DatasetCatalog.register(DATASET, dir -> new TrainTest(argmax("tiny/train", 150, 1), argmax("tiny/test", 60, 2)));
    }

    private TinyGrid() {
    }

    /** Class = index of the largest of the first 3 inputs. */
    static Dataset argmax(String name, int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * 6];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = r.nextFloat();
            }
            y[i] = x[i * 6] > x[i * 6 + 1] ? (x[i * 6] > x[i * 6 + 2] ? 0 : 2) : (x[i * 6 + 1] > x[i * 6 + 2] ? 1 : 2);
        }
        return Dataset.classification(name, Shape.vector(6), x, y, 3);
    }

    /** table1 layout: 2 networks x 2 dropout rates x 4 rules x 2 trials = 32 runs. */
    public static List<RunSpec> table1() {
        List<RunSpec> specs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            for (String[] net : new String[][] {{"FC1-500", "FC_8_FC_3"}, {"FC2-500", "FC_8_FC_8_FC_3"}}) {
                for (float dropout : new float[] {0f, 0.25f}) {
                    for (String rule : List.of("bp", "drtp", "shallow", "sdfa")) {
                        specs.add(spec("table1", net[0], net[1], rule, dropout, 0, t));
                    }
                }
            }
        }
        return specs;
    }

    public static RunSpec spec(String experiment, String network, String topology, String rule, float dropout,
                               int alignEvery, int trial) {
        RunConfig run = RunConfig.builder().set(Settings.TOPOLOGY, Topology.parse(topology)).set(Settings.TRAIN_MODE, rule)
                .set(Settings.LR, 1e-2).set(Settings.DROPOUT, dropout).set(Settings.EPOCHS, 2).set(Settings.BATCH_SIZE, 10)
                .build();
        return new RunSpec(experiment, true, network, RunSpec.DataSlice.of(DATASET), run, alignEvery, trial);
    }

    public static GridManifest manifest(List<RunSpec> grid, Shard shard) {
        return new GridManifest("table1", true, 2, 2, 42, shard.toString(), grid.size(),
                grid.stream().map(RunSpec::fileName).toList(), List.of("tiny test grid"));
    }
}
