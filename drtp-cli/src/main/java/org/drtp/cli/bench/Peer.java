package org.drtp.cli.bench;

import java.io.IOException;

/**
 * Another engine measured beside drtp in the same run ({@code drtp bench --peer}), one measurement per call, so that
 * the harness can alternate the two sides round by round ({@link SideBySide}). Each call continues where the last
 * one of the same kind stopped (the same network keeps training); the caller decides which calls are warm-ups.
 */
public interface Peer {

    /** What the peer is (engine, version, threads), for the report. */
    String engine();

    /** Samples/s of {@code examples} online DRTP steps of FC_500_FC_10 (batch 1, plain SGD). */
    double onlineSamplesPerSecond(int examples) throws IOException;

    /**
     * Seconds of one training epoch (batch 60, Adam) of {@code network}, {@code "fc"} ({@link BenchHarness#FC_TOPOLOGY})
     * or {@code "conv"} ({@link BenchHarness#CONV_TOPOLOGY}), under {@code rule}, {@code "drtp"} or {@code "bp"}.
     */
    double epochSeconds(String network, String rule) throws IOException;

    /** GFLOPS of the peer's matrix multiply at {@code shape} ({@code MxNxK:TT}), timed for about {@code seconds}. */
    double gemmGflops(String shape, double seconds) throws IOException;
}
