package org.drtp.cli.download;

/** Hears what a download is doing (for progress display); every method has a silent default. */
public interface DownloadListener {

    DownloadListener SILENT = new DownloadListener() {
    };

    /** A one-line status message, e.g. "resuming x at 12.0 MB". */
    default void message(String text) {
    }

    /** {@code bytes} of {@code file} are on disk, of {@code total} (-1 if the server did not say). */
    default void progress(String file, long bytes, long total) {
    }
}
