/**
 * The libtorch peer of {@code drtp bench} (built with {@code -Plibtorch} only; {@code drtp-bench/README.md}). A
 * program, run from {@code target/drtp-peer-libtorch.jar} on the class path: it exports nothing (docs/modules.md).
 */
@SuppressWarnings("requires-automatic") // DJL names its module in its manifest only
module org.drtp.peer.libtorch {
    requires ai.djl.api;
    requires java.management; // GemmRate: per-thread CPU time
}
