package org.drtp.cli;

import java.io.PrintWriter;
import org.drtp.tensor.Kernels;

/** Tells the user, once, when the fast kernels are not enabled. */
final class KernelNotice {

    private static boolean noted;

    private KernelNotice() {
    }

    static synchronized void noteKernels(PrintWriter err) {
        if (noted) {
            return;
        }
        noted = true;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            err.println("note: using the plain-Java kernels (" + Kernels.gemm().name() + "); run through ./drtp, or add"
                    + " 'java --add-modules jdk.incubator.vector', for the fast Vector API kernels");
            err.flush();
        }
    }
}
