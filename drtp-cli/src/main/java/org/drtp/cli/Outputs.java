package org.drtp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.drtp.experiment.Table;
import org.drtp.report.ReportBuilder;
import org.drtp.report.Tables;

/** Output helpers shared by reproduce and aggregate. */
final class Outputs {

    private Outputs() {
    }

    /** Creates {@code dir} or fails with a usage error naming the flag. */
    static void checkWritable(Path dir, String flag) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Errors.UsageException(flag + " " + dir + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Errors.UsageException(flag + " " + dir + ": cannot create directory (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new Errors.UsageException(flag + " " + dir + ": directory is not writable");
        }
    }

    /** Deletes {@code dir} if it is an empty directory; best effort (the caller is already reporting an error). */
    static void removeIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // leave it
        }
    }

    static void printTables(PrintWriter out, ReportBuilder.Output report) {
        for (String b : report.banner()) {
            out.println();
            out.println(b);
        }
        for (Table t : report.tables()) {
            out.println();
            out.print(Tables.markdown(t));
        }
        out.println();
    }
}
