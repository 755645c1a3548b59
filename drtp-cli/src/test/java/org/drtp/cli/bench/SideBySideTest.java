package org.drtp.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The alternation of drtp's and the peer's measurements, and the figures taken from the rounds, on known numbers. */
class SideBySideTest {

    private final List<String> calls = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /** A drtp measurement returning {@code values} in turn and recording each call. */
    private DoubleSupplier drtp(String name, double... values) {
        Iterator<Double> it = java.util.Arrays.stream(values).boxed().iterator();
        return () -> {
            calls.add("drtp " + name);
            return it.next();
        };
    }

    /** A peer measurement returning {@code values} in turn (NaN: throws, as a dead peer does). */
    private SideBySide.PeerMeasurement peer(String name, double... values) {
        Iterator<Double> it = java.util.Arrays.stream(values).boxed().iterator();
        return p -> {
            calls.add("peer " + name);
            double v = it.next();
            if (Double.isNaN(v)) {
                throw new IOException("the fake peer stopped");
            }
            return v;
        };
    }

    private static final Peer PEER = new Peer() {
        @Override
        public String engine() {
            return "fake";
        }

        @Override
        public double onlineSamplesPerSecond(int examples) {
            throw new AssertionError("not used: the figures' measurements stand in for the peer's");
        }

        @Override
        public double epochSeconds(String network, String rule) {
            throw new AssertionError("not used");
        }

        @Override
        public double gemmGflops(String shape, double seconds) {
            throw new AssertionError("not used");
        }
    };

    @Test
    void eachRoundMeasuresEveryFigureOnDrtpThenOnThePeer() {
        SideBySide sides = new SideBySide(PEER, log::add);
        Map<String, SideBySide.Series> s = sides.rounds(List.of(
                new SideBySide.Figure("a", drtp("a", 1, 1), peer("a", 2, 2)),
                new SideBySide.Figure("b", drtp("b", 3, 3), peer("b", 4, 4))), 2);
        assertEquals(List.of("drtp a", "peer a", "drtp b", "peer b", "drtp a", "peer a", "drtp b", "peer b"), calls);
        assertEquals(List.of("a", "b"), List.copyOf(s.keySet()));
        assertEquals(List.of(3.0, 3.0), s.get("b").drtp());
        assertEquals(List.of(4.0, 4.0), s.get("b").peer());
    }

    @Test
    void theRatioIsTheMedianOfThePerRoundRatiosNotTheRatioOfTheMedians() {
        // Round 2 ran while a neighbour slowed both sides: its own figures are high, its ratio is not.
        SideBySide.Series s = new SideBySide(PEER, log::add).rounds(List.of(
                new SideBySide.Figure("x", drtp("x", 2, 8, 9), peer("x", 1, 8, 3))), 3).get("x");
        assertEquals(List.of(2.0, 1.0, 3.0), s.ratios());
        assertEquals(2.0, s.ratio(), 0);
        assertEquals(8.0, s.drtpMedian(), 0);
        assertEquals(3.0, s.peerMedian(), 0);
        assertTrue(s.hasPeer());
    }

    @Test
    void withoutAPeerOnlyDrtpIsMeasured() {
        SideBySide sides = new SideBySide(null, log::add);
        assertFalse(sides.withPeer());
        sides.warmPeer(peer("warm", 1));
        SideBySide.Series s = sides.rounds(List.of(new SideBySide.Figure("x", drtp("x", 5, 7), peer("x", 1, 1))), 2).get("x");
        assertEquals(List.of("drtp x", "drtp x"), calls);
        assertEquals(List.of(5.0, 7.0), s.drtp());
        assertFalse(s.hasPeer());
        assertEquals(6.0, s.drtpMedian(), 0);
        assertTrue(Double.isNaN(s.ratio()));
        assertNull(sides.failure());
    }

    @Test
    void aFailingPeerIsDroppedAndDrtpGoesOn() {
        SideBySide sides = new SideBySide(PEER, log::add);
        SideBySide.Series s = sides.rounds(List.of(new SideBySide.Figure("x", drtp("x", 1, 2, 3), peer("x", 1, Double.NaN, 1))),
                3).get("x");
        assertEquals(List.of("drtp x", "peer x", "drtp x", "peer x", "drtp x"), calls);
        assertEquals(List.of(1.0, 2.0, 3.0), s.drtp());
        assertFalse(s.hasPeer(), "the rounds the peer finished are not reported alone");
        assertEquals("the fake peer stopped", sides.failure());
        assertTrue(log.get(0).contains("the fake peer stopped"), log.toString());
        sides.warmPeer(peer("later", 1));
        assertEquals(5, calls.size(), "a failed peer is not asked again");
    }

    @Test
    void aPeerAnsweringNoPositiveNumberIsAFailure() {
        SideBySide sides = new SideBySide(PEER, log::add);
        sides.warmPeer(p -> 0.0);
        assertEquals("it answered 0.0 (expected a positive number)", sides.failure());
        assertFalse(sides.withPeer());
    }
}
