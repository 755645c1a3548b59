/**
 * drtp's library: networks, learning rules, losses, optimizers, datasets and the trainer.
 *
 * <p>The packages exported to everyone are the public surface; the others are exported only to the drtp modules
 * that use them. docs/modules.md lists every package with why, and ModulesTest (drtp-cli) fails when a package is
 * missing there or disagrees with this file, so a new package forces the decision.
 */
@SuppressWarnings("module") // the qualified exports name modules that are built after this one
module org.drtp.core {
    // Optional: the Vector API kernels load only when the JVM runs with --add-modules jdk.incubator.vector,
    // else the plain-Java kernels run (org.drtp.tensor.Kernels). A hard `requires` would make every program
    // that uses drtp resolve an incubator module (and print its warning) whether or not it wants the fast path.
    requires static jdk.incubator.vector;
    requires com.fasterxml.jackson.core;
    requires java.management; // OwnerLock names the owning process

    exports org.drtp.data;
    exports org.drtp.data.synthetic;
    exports org.drtp.loss;
    exports org.drtp.model;
    exports org.drtp.nn;
    exports org.drtp.optim;
    exports org.drtp.random;
    exports org.drtp.rule;
    exports org.drtp.settings;
    exports org.drtp.tensor;
    exports org.drtp.train;
    exports org.drtp.train.alignment;
    exports org.drtp.io; // ModelFile and ModelState take and return SafeTensors.Content

    // Integer learners and the C export: driven by `drtp export-c` and `drtp device-demo`; not yet an API.
    exports org.drtp.device to org.drtp.cli;
}
