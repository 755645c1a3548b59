package org.drtp.cli;

import static org.drtp.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.drtp.cli.CliRun.Result;
import org.drtp.model.ModelFile;
import org.drtp.nn.Parameter;
import org.drtp.optim.Optimizers;
import org.drtp.train.OnlineLearner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamAndInspectTest {

    @TempDir
    Path dir;

    private Path csv(int rows, int badLabelAt) throws Exception {
        return PixelCsv.write(dir.resolve("s.csv"), rows, true, badLabelAt);
    }

    @Test
    void streamsACsvFileLearningOnlineAndSavesTheModel() throws Exception {
        Path data = csv(3000, -1);
        Path model = dir.resolve("m.safetensors");
        Result r = run("stream", "--topology", "FC_32_FC_3", "--input", data.toString(), "--input-scale",
                "0.00392156862745098", "--lr", "0.05", "--report-every", "1000", "--save", model.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(4, lines.length, r.out());
        assertTrue(lines[3].contains("examples 3000") && lines[3].contains("(end of stream)"), lines[3]);
        double rolling = Double.parseDouble(lines[3].replaceAll(".*rolling accuracy ([0-9.]+) %.*", "$1"));
        assertTrue(rolling > 80, "rolling accuracy " + rolling);
        ModelFile.Model m = ModelFile.load(model);
        assertEquals(6, m.network().inputShape().size(), "input size taken from the data");
        assertEquals("drtp", m.rule().id());

        Result again = run("stream", "--model", model.toString(), "--input", data.toString(), "--report-every", "3000");
        assertEquals(0, again.code(), again.err());
        double resumed = Double.parseDouble(again.out().strip().split("\n")[0]
                .replaceAll(".*cumulative ([0-9.]+) %.*", "$1"));
        assertTrue(resumed > 80, "a saved model keeps what it learned: " + resumed);
    }

    /**
     * The stream learns the examples at hand in bursts (StreamCommand.BURST, learnSequence): the saved model and the
     * accuracies must be those of one predictThenLearn per example, here over 1,300 rows (two full bursts and a part).
     */
    @Test
    void streamsInBurstsWithTheUpdatesOfOneExampleAtATime() throws Exception {
        Path start = dir.resolve("start.safetensors");
        Files.writeString(dir.resolve("one.csv"), "10,200,30,40,50,60,1\n");
        assertEquals(0, run("stream", "--topology", "FC_64_FC_3", "--input", dir.resolve("one.csv").toString(),
                "--input-scale", "0.00392156862745098", "--save", start.toString()).code());
        Path learned = Files.copy(start, dir.resolve("learned.safetensors"));
        Path data = csv(1300, -1);
        Result r = run("stream", "--model", learned.toString(), "--input", data.toString(), "--report-every", "650",
                "--window", "300");
        assertEquals(0, r.code(), r.err());

        ModelFile.Model m = ModelFile.load(start);
        OnlineLearner one = new OnlineLearner(m.network(), m.rule(), Optimizers.create("sgd", 0.01), m.loss(), 1, 42);
        StreamCommand.Prequential stats = new StreamCommand.Prequential(300);
        List<String> lines = Files.readAllLines(data);
        float[] x = new float[6];
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            for (int j = 0; j < 6; j++) {
                x[j] = Float.parseFloat(v[j]);
            }
            m.normalization().apply(x, 0, m.network().inputShape());
            int label = Integer.parseInt(v[6]);
            stats.add(one.predictThenLearn(x, label) == label);
        }
        String expected = String.format(Locale.ROOT, "rolling accuracy %.2f %% (last 300)  cumulative %.2f %%",
                stats.rolling(), stats.cumulative());
        assertTrue(r.out().strip().split("\n")[1].contains("examples 1300  " + expected), r.out() + " vs " + expected);
        List<Parameter> a = one.network().parameters();
        List<Parameter> b = ModelFile.load(learned).network().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).value(), b.get(i).value(), a.get(i).name());
        }
    }

    @Test
    void aBadExampleAfterTheFirstBurstIsReportedWithTheExamplesBeforeItLearned() throws Exception {
        Path data = csv(StreamCommand.BURST + 100, StreamCommand.BURST + 40);
        Result r = run("stream", "--topology", "FC_64_FC_3", "--input", data.toString(), "--save",
                dir.resolve("bad.safetensors").toString());
        assertEquals(1, r.code());
        int at = StreamCommand.BURST + 41;
        assertTrue(r.err().contains("label 7 at example " + at + ", the model has 3 classes"), r.err());
        assertTrue(r.err().contains("saved model (" + (at - 1) + " examples learned)"), r.err());
    }

    @Test
    void badStreamsFailWithTheLineOrExample() throws Exception {
        Path data = csv(50, 20);
        Result r = run("stream", "--topology", "FC_8_FC_3", "--input", data.toString(), "--save",
                dir.resolve("x.safetensors").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("label 7 at example 21, the model has 3 classes"), r.err());
        assertEquals(2, run("stream", "--input", data.toString()).code(), "neither --model nor --topology");
        Files.writeString(dir.resolve("ragged.csv"), "1,2,3,0\n1,2,0\n");
        Result ragged = run("stream", "--topology", "FC_8_FC_3", "--input", dir.resolve("ragged.csv").toString(),
                "--save", dir.resolve("y.safetensors").toString());
        assertEquals(1, ragged.code());
        assertTrue(ragged.err().contains("line 2: 3 values, earlier lines have 4"), ragged.err());
    }

    @Test
    void inspectComparesAllRulesAndShowsDrtpNeedsNoSignalMacs() throws Exception {
        Result r = run("inspect", "--topology", "FC_500_FC_10", "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals(6, json.get("rules").size());
        for (JsonNode rule : json.get("rules")) {
            String id = rule.get("rule").asText();
            assertEquals(4L * (784 * 500 + 500 + 500 * 10 + 10), rule.get("weight_bytes").asLong(), id);
            assertEquals(784 * 500 + 500 * 10, rule.get("forward_macs").asLong(), id);
            long expectedSignal = switch (id) {
                case "bp", "fa", "dfa", "sdfa" -> 5000; // 10 x 500 either way for one hidden layer
                default -> 0;
            };
            assertEquals(expectedSignal, rule.get("signal_macs").asLong(), id);
        }
        assertTrue(r.out().toLowerCase(Locale.ROOT).contains("drtp"), r.out());
        assertEquals(2, run("inspect", "--input-shape", "28by28").code());
        Result tooBig = run("inspect", "--topology", "FC_100_FC_10", "--batch-size", "1000000000");
        assertEquals(2, tooBig.code(), tooBig.err());
        assertTrue(tooBig.err().startsWith("drtp inspect: --topology FC_100_FC_10 on 1x28x28 inputs at --batch-size 1000000000:"
                + " needs about "), tooBig.err());
    }
}
