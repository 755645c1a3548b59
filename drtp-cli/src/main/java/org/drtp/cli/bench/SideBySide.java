package org.drtp.cli.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.drtp.train.Statistics;

/**
 * drtp's figures and, with a {@link Peer}, the peer's figures of the same workloads, taken in alternation: in each
 * round every figure is measured on drtp and right after on the peer, so that the machine's drift (a neighbour's
 * load coming and going between measurements seconds apart) touches both sides of a round alike. A figure's
 * drtp / peer ratio is the median of its per-round ratios, which drift between rounds does not move; each side's
 * own figure is the median of its rounds (docs/performance.md, "Measuring on a shared machine").
 *
 * <p>A peer that fails (its process dies, it answers an error) is dropped for the rest of the run, its message kept
 * in {@link #failure()}: drtp's figures are still all measured, the peer's figures of the phases it did not finish
 * are left out.
 */
final class SideBySide {

    /** One measurement on the peer. */
    @FunctionalInterface
    interface PeerMeasurement {
        double take(Peer peer) throws IOException;
    }

    /** One figure: its key and how to measure it once on each side ({@code peer} null: drtp's alone). */
    record Figure(String key, DoubleSupplier drtp, PeerMeasurement peer) {
    }

    /** A figure's values round by round; {@code peer} is empty when drtp was measured alone. */
    record Series(List<Double> drtp, List<Double> peer) {

        boolean hasPeer() {
            return !peer.isEmpty();
        }

        double drtpMedian() {
            return Statistics.median(drtp);
        }

        double peerMedian() {
            return Statistics.median(peer);
        }

        /** drtp / peer of each round. */
        List<Double> ratios() {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < peer.size(); i++) {
                r.add(drtp.get(i) / peer.get(i));
            }
            return r;
        }

        /** The median of the per-round ratios drtp / peer (not the ratio of the medians). */
        double ratio() {
            return Statistics.median(ratios());
        }

    }

    private final Peer peer;
    private final Consumer<String> log;
    private String failure;

    /** {@code peer} null: drtp alone. */
    SideBySide(Peer peer, Consumer<String> log) {
        this.peer = peer;
        this.log = log;
    }

    /** Whether the peer is measured: there is one and it has not failed. */
    boolean withPeer() {
        return peer != null && failure == null;
    }

    /** Why the peer was dropped, or null. */
    String failure() {
        return failure;
    }

    /** A measurement on the peer whose value is not kept (a warm-up); nothing when the peer is not measured. */
    void warmPeer(PeerMeasurement m) {
        onPeer(m);
    }

    /**
     * {@code rounds} rounds; in each, every figure in order is measured on drtp, then on the peer. Returns each
     * figure's series by key, in order; the peer's values only if it answered every round.
     */
    Map<String, Series> rounds(List<Figure> figures, int rounds) {
        Map<String, Series> out = new LinkedHashMap<>();
        for (Figure f : figures) {
            out.put(f.key(), new Series(new ArrayList<>(), new ArrayList<>()));
        }
        for (int round = 0; round < rounds; round++) {
            for (Figure f : figures) {
                Series s = out.get(f.key());
                s.drtp().add(f.drtp().getAsDouble());
                double theirs = onPeer(f.peer());
                if (!Double.isNaN(theirs)) {
                    s.peer().add(theirs);
                }
            }
        }
        if (!withPeer()) {
            out.values().forEach(s -> s.peer().clear()); // incomplete rounds: drtp's figures only
        }
        return out;
    }

    /** The peer's value, or NaN when the peer is not measured (absent, or failed now or before). */
    private double onPeer(PeerMeasurement m) {
        if (!withPeer() || m == null) {
            return Double.NaN;
        }
        try {
            double v = m.take(peer);
            if (Double.isFinite(v) && v > 0) {
                return v;
            }
            fail("it answered " + v + " (expected a positive number)");
        } catch (IOException e) {
            fail(e.getMessage());
        }
        return Double.NaN;
    }

    private void fail(String why) {
        failure = why;
        log.accept("the peer failed, drtp goes on alone: " + why);
    }
}
