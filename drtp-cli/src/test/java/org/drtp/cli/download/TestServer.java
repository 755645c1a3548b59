package org.drtp.cli.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tiny local HTTP server for download tests: serves byte arrays, honours Range requests, can break off. */
final class TestServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** The Range header of every request ("" when absent), in order. */
    final List<String> ranges = new CopyOnWriteArrayList<>();
    volatile boolean honourRanges = true;
    /**
     * When >= 0, the next response announces the whole length but stalls after this many bytes (the client's
     * read timeout then breaks the transfer off, as a dead connection would).
     */
    volatile int breakAfter = -1;

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    void put(String name, byte[] content) {
        files.put("/" + name, content);
    }

    URI uri(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        byte[] content = files.get(ex.getRequestURI().getPath());
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        int from = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (honourRanges && m != null && m.matches()) {
            from = Integer.parseInt(m.group(1));
            if (from >= content.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, content.length - from);
        } else {
            ex.sendResponseHeaders(200, content.length);
        }
        int cut = breakAfter;
        breakAfter = -1;
        OutputStream out = ex.getResponseBody();
        if (cut >= 0) {
            out.write(content, from, cut);
            out.flush();
            try {
                out.close(); // with bytes missing the exchange stays open: a stalled transfer
            } catch (IOException expected) {
                // "insufficient bytes written": that is the point
            }
            return;
        }
        out.write(content, from, content.length - from);
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
