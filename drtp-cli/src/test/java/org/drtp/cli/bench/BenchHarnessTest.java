package org.drtp.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.drtp.train.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The whole harness on a tiny run beside a fake peer that answers known numbers: which requests the peer gets and in
 * what order, and how the reported figures follow from the rounds (drtp's own timings are real; no speed is asserted).
 */
class BenchHarnessTest {

    /** Two measured epochs, 120 examples, 100 online examples, 10 ms of GEMM per shape. */
    private static final BenchHarness.Settings TINY = new BenchHarness.Settings(2, 120, 100, 0.01, false, false);

    /** Answers 1000 samples/s, epochs of 2 s (fc) and 3 s (conv), 50 GFLOPS; fails at request {@code failAt} (0: never). */
    private static final class FakePeer implements Peer {
        final List<String> requests = new ArrayList<>();
        private final int failAt;

        FakePeer(int failAt) {
            this.failAt = failAt;
        }

        private void take(String request) throws IOException {
            requests.add(request);
            if (requests.size() == failAt) {
                throw new IOException("fake peer gone at " + request);
            }
        }

        @Override
        public String engine() {
            return "fake engine";
        }

        @Override
        public double onlineSamplesPerSecond(int examples) throws IOException {
            take("online " + examples);
            return 1000;
        }

        @Override
        public double epochSeconds(String network, String rule) throws IOException {
            take("epoch " + network + " " + rule);
            return network.equals("fc") ? 2 : 3;
        }

        @Override
        public double gemmGflops(String shape, double seconds) throws IOException {
            take("gemm " + shape + " " + seconds);
            return 50;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePeerIsAskedRoundByRoundAndTheRatiosAreMediansOfTheRounds() {
        FakePeer peer = new FakePeer(0);
        Map<String, Object> r = BenchHarness.run(TINY, peer, m -> { });
        int n = BenchHarness.PEER_ROUNDS;

        List<String> expected = new ArrayList<>(List.of("online 5")); // warm-up: half of max(2 x rounds, 100 / 10)
        expected.addAll(java.util.Collections.nCopies(n, "online 2"));
        expected.addAll(List.of("epoch fc drtp", "epoch fc bp")); // warm-ups
        for (int e = 0; e < TINY.epochs(); e++) {
            expected.addAll(List.of("epoch fc drtp", "epoch fc bp"));
        }
        for (String shape : GemmThroughput.SHAPES) {
            expected.add("gemm " + shape + " 0.2");
        }
        for (String shape : GemmThroughput.SHAPES) {
            expected.addAll(java.util.Collections.nCopies(n, "gemm " + shape + " " + TINY.gemmSeconds() / n));
        }
        assertEquals(expected, peer.requests);

        assertEquals("fake engine", r.get("peer_engine"));
        assertEquals(2.0, (Double) r.get("peer_drtp_epoch_seconds"), 0);
        assertEquals(2.0, (Double) r.get("peer_bp_epoch_seconds"), 0);
        assertEquals(1000.0, (Double) r.get("peer_online_drtp_samples_per_second"), 0);
        assertFalse(r.containsKey("peer_conv_drtp_epoch_seconds"), "--no-conv");
        assertFalse(r.containsKey("peer_error"));

        Map<String, Object> rounds = (Map<String, Object>) r.get("peer_rounds");
        for (String key : List.of("drtp_epoch_seconds", "bp_epoch_seconds", "online_drtp_samples_per_second")) {
            Map<String, List<Double>> k = (Map<String, List<Double>>) rounds.get(key);
            assertEquals(key.contains("epoch") ? TINY.epochs() : n, k.get("drtp").size(), key);
            assertEquals(Statistics.median(k.get("drtp")), (Double) r.get(key), 0, key);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < k.get("drtp").size(); i++) {
                ratios.add(k.get("drtp").get(i) / k.get("peer").get(i));
            }
            assertEquals(ratios, k.get("ratio"), key);
            assertEquals(Statistics.median(ratios), (Double) r.get(BenchHarness.peerRatioKey(key)), 1e-12, key);
        }
        assertTrue(r.containsKey("drtp_epoch_peer_ratio") && r.containsKey("online_drtp_peer_ratio"), r.keySet().toString());
        // Sequences: drtp's alone, in the same rounds (the peer is asked once per round, for its one-call figure).
        assertTrue((Double) r.get("online_drtp_sequence_samples_per_second") > 0);
        assertFalse(r.containsKey("peer_online_drtp_sequence_samples_per_second"));
        assertFalse(rounds.containsKey("online_drtp_sequence_samples_per_second"));

        // Epoch / products: each measured epoch's products are timed right after it; the ratio is the rounds' median.
        for (String rule : List.of("drtp", "bp")) {
            List<Double> perRound = (List<Double>) r.get(rule + "_epoch_gemm_ratio_rounds");
            assertEquals(TINY.epochs(), perRound.size(), rule);
            assertTrue(perRound.stream().allMatch(x -> x > 0 && Double.isFinite(x)), perRound.toString());
            assertEquals(Statistics.median(perRound), (Double) r.get(rule + "_epoch_gemm_ratio"), 0, rule);
            assertTrue((Double) r.get(rule + "_epoch_gemm_seconds") > 0, rule);
        }

        Map<String, Double> mine = (Map<String, Double>) r.get("gemm_gflops_by_shape");
        Map<String, Double> ratio = (Map<String, Double>) r.get("gemm_peer_ratio_by_shape");
        Map<String, Object> gemmRounds = (Map<String, Object>) rounds.get("gemm_gflops_by_shape");
        assertEquals(Arrays.asList(GemmThroughput.SHAPES), List.copyOf(ratio.keySet()));
        for (String shape : GemmThroughput.SHAPES) {
            List<Double> d = ((Map<String, List<Double>>) gemmRounds.get(shape)).get("drtp");
            assertEquals(BenchHarness.PEER_ROUNDS, d.size());
            assertEquals(Statistics.median(d), mine.get(shape), 0, shape);
            assertEquals(Statistics.median(d) / 50, ratio.get(shape), 1e-12, shape); // the peer's rounds are all 50
            assertEquals(50.0, ((Map<String, Double>) r.get("peer_gemm_gflops_by_shape")).get(shape), 0);
        }
    }

    @Test
    void aPeerFailingMidwayLeavesDrtpsFiguresWhole() {
        FakePeer peer = new FakePeer(BenchHarness.PEER_ROUNDS + 3); // the fc bp warm-up epoch
        Map<String, Object> r = BenchHarness.run(TINY, peer, m -> { });
        assertEquals("fake peer gone at epoch fc bp", r.get("peer_error"));
        assertEquals(BenchHarness.PEER_ROUNDS + 3, peer.requests.size(), "not asked again");
        assertTrue(r.containsKey("peer_online_drtp_samples_per_second"), "the phase it finished is kept");
        for (String key : List.of("drtp_epoch_seconds", "bp_epoch_seconds", "drtp_epoch_gemm_seconds", "eval_seconds",
                "gemm_gflops_by_shape", "drtp_activation_bytes")) {
            assertTrue(r.containsKey(key), key);
        }
        for (String key : List.of("peer_drtp_epoch_seconds", "drtp_epoch_peer_ratio", "peer_gemm_gflops_by_shape",
                "gemm_peer_ratio_by_shape")) {
            assertFalse(r.containsKey(key), key);
        }
    }

    @Test
    void withoutAPeerNoPeerFigureIsReported() {
        Map<String, Object> r = BenchHarness.run(new BenchHarness.Settings(1, 120, 20, 0.005, false, false), null, m -> { });
        assertTrue(r.containsKey("drtp_epoch_seconds") && r.containsKey("online_drtp_samples_per_second")
                && r.containsKey("gemm_gflops_by_shape"), r.keySet().toString());
        assertTrue(r.keySet().stream().noneMatch(k -> k.contains("peer")), r.keySet().toString());
    }
}
