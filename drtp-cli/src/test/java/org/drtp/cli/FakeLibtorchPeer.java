package org.drtp.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for drtp-peer-libtorch's program speaking its protocol with known answers, for {@link LibtorchPeerTest}
 * (the real peer needs the 110 MB libtorch): {@code online N} answers N, {@code epoch fc R} 1.5, {@code gemm S T}
 * 100, {@code epoch conv R} an error, {@code die} exits with status 3 without answering. It also writes a stray
 * stdout line, as a native library might, and progress on stderr.
 */
public final class FakeLibtorchPeer {

    private FakeLibtorchPeer() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("a stray line from a native library");
        System.out.println("ready fake engine " + String.join(" ", args));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            System.err.println("fake: " + line);
            String[] w = line.split(" ");
            if (w[0].equals("online")) {
                System.out.println("ok " + Integer.parseInt(w[1]));
            } else if (line.startsWith("epoch fc ")) {
                System.out.println("ok 1.5");
            } else if (w[0].equals("gemm")) {
                System.out.println("ok 100");
            } else if (w[0].equals("die")) {
                System.exit(3);
            } else {
                System.out.println("error cannot do '" + line + "'");
            }
            System.out.flush();
        }
        System.err.println("fake: bye");
    }
}
