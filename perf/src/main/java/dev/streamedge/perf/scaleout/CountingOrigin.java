package dev.streamedge.perf.scaleout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/** A loopback origin: {@code GET /seg/<n>.ts} answers {@code size} bytes, cacheable for an hour; counts requests per path. */
final class CountingOrigin implements AutoCloseable {
  private final HttpServer server;
  private final byte[] body;
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

  CountingOrigin(int size) {
    body = new byte[size];
    Arrays.fill(body, (byte) 'x');
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "origin");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  private void handle(HttpExchange x) throws IOException {
    requests.computeIfAbsent(x.getRequestURI().getPath(), k -> new LongAdder()).increment();
    x.getResponseHeaders().set("Cache-Control", "max-age=3600");
    x.getResponseHeaders().set("Content-Type", "video/mp2t");
    x.getResponseHeaders().set("ETag", "\"v1\"");
    boolean head = x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(200, head ? -1 : body.length);
    if (!head) {
      try (OutputStream o = x.getResponseBody()) {
        o.write(body);
      }
    }
    x.close();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long requests() {
    return requests.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long requestsFor(String path) {
    LongAdder a = requests.get(path);
    return a == null ? 0 : a.sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
