package org.drtp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The bench's side of the libtorch peer's line protocol, against a fake peer process ({@link FakeLibtorchPeer}). */
class LibtorchPeerTest {

    private final List<String> log = new CopyOnWriteArrayList<>();

    private LibtorchPeer startFake() throws IOException {
        return new LibtorchPeer(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                ChildJvm.classPath(), FakeLibtorchPeer.class.getName(), "--threads", "1"), log::add);
    }

    @Test
    void requestsAreAnsweredOneLineEach() throws Exception {
        try (LibtorchPeer peer = startFake()) {
            assertEquals("fake engine --threads 1", peer.engine());
            assertEquals(7.0, peer.onlineSamplesPerSecond(7), 0);
            assertEquals(1.5, peer.epochSeconds("fc", "drtp"), 0);
            assertEquals(100.0, peer.gemmGflops("60x1000x784:NT", 0.2), 0);
        }
        assertTrue(log.contains("libtorch peer: a stray line from a native library"), log.toString());
        assertTrue(log.containsAll(List.of("fake: online 7", "fake: epoch fc drtp", "fake: gemm 60x1000x784:NT 0.2000",
                "fake: bye")), "stderr is progress, and close() asks the peer to quit: " + log);
    }

    @Test
    void anErrorReplyNamesTheRequest() throws Exception {
        try (LibtorchPeer peer = startFake()) {
            IOException e = assertThrows(IOException.class, () -> peer.epochSeconds("conv", "bp"));
            assertEquals("the libtorch peer failed on 'epoch conv bp': cannot do 'epoch conv bp'", e.getMessage());
            assertEquals(1.5, peer.epochSeconds("fc", "bp"), 0, "the peer still serves after an error");
        }
    }

    @Test
    void aPeerThatDiesIsAnErrorWithItsExitStatus() throws Exception {
        try (LibtorchPeer peer = startFake()) {
            IOException e = assertThrows(IOException.class, () -> peer.request("die"));
            assertEquals("the libtorch peer stopped (exit 3) during 'die'; its messages are above", e.getMessage());
        }
    }

    @Test
    void repliesAreParsedStrictly() throws Exception {
        assertEquals(2.5e-3, LibtorchPeer.parseReply("x", "ok 2.5E-3"), 0);
        assertEquals("the libtorch peer answered 'ok fast' to 'gemm' (expected ok NUMBER)",
                assertThrows(IOException.class, () -> LibtorchPeer.parseReply("gemm", "ok fast")).getMessage());
        assertEquals("the libtorch peer failed on 'online 5': out of memory",
                assertThrows(IOException.class, () -> LibtorchPeer.parseReply("online 5", "error out of memory")).getMessage());
        assertEquals("the libtorch peer answered '42' to 'online 5' (expected ok NUMBER or error MESSAGE)",
                assertThrows(IOException.class, () -> LibtorchPeer.parseReply("online 5", "42")).getMessage());
    }
}
