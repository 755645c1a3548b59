package org.drtp.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CacheLines}: which JVM options fix where a float array's lines start, and where a vector loop starts. */
class CacheLinesTest {

    @Test
    void onlyA64ByteObjectAlignmentWithCompressedClassPointersFixesTheLines() {
        assertEquals(-1, CacheLines.detect(List.of()));
        assertEquals(-1, CacheLines.detect(List.of("-Xmx4g", "-XX:ObjectAlignmentInBytes=32")));
        assertEquals(12, CacheLines.detect(List.of("-XX:ObjectAlignmentInBytes=64")));
        assertEquals(12, CacheLines.detect(List.of("-XX:ObjectAlignmentInBytes=128")));
        assertEquals(-1, CacheLines.detect(List.of("-XX:ObjectAlignmentInBytes=64", "-XX:ObjectAlignmentInBytes=16")));
        assertEquals(-1, CacheLines.detect(List.of("-XX:ObjectAlignmentInBytes=64", "-XX:-UseCompressedClassPointers")));
        assertEquals(-1, CacheLines.detect(List.of("-XX:ObjectAlignmentInBytes=x")));
    }

    @Test
    void theVectorsStartAtTheFirstLineInTheRange() {
        assertEquals(12, CacheLines.vectorStart(0, 100, 12));
        assertEquals(12, CacheLines.vectorStart(12, 100, 12));
        assertEquals(28, CacheLines.vectorStart(13, 100, 12));
        assertEquals(5, CacheLines.vectorStart(3, 5, 12));   // no line start in the range: all of it is head
        assertEquals(3, CacheLines.vectorStart(3, 100, -1)); // lines unknown: no head
        assertEquals(784 + 12, CacheLines.vectorStart(784, 2000, 12));
    }

    @Test
    void theTestsRunWithTheLaunchersAlignment() {
        // The pom gives the tests -XX:ObjectAlignmentInBytes=64, as ./drtp does, so the heads above are exercised.
        assertEquals(12, CacheLines.FIRST);
    }
}
