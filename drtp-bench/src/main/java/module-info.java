/**
 * The JMH benchmarks of drtp's kernels ({@code drtp-bench/README.md}). They run from the shaded
 * {@code target/benchmarks.jar} on the class path; the descriptor states what they use. Nothing here is a library
 * API, so nothing is exported; JMH's generated code and its harness reach the benchmarks by reflection, so the
 * package is open (docs/modules.md).
 */
@SuppressWarnings("requires-automatic") // JMH has no module descriptor: jmh.core is the name derived from its jar
module org.drtp.bench {
    requires org.drtp.core;
    requires jmh.core;

    opens org.drtp.bench;
    opens org.drtp.bench.jmh_generated;
}
