package dev.streamedge.perf.bench.origin;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin of the scenarios the file origin cannot play: a slow object ({@code /slow/<name>},
 * answered after a fixed delay, for cold collapse) and simulated live streams ({@code
 * /live/<stream>/index.m3u8} and {@code seg-<n>.ts}, see {@link LiveTimeline}). It counts every
 * request by path, which is how the harness sees how many requests each cache let through.
 *
 * <p>Delays are scheduled, not slept, so a hundred waiting requests hold no threads. Bodies are
 * streamed from one 64 KiB pattern; nothing holds a whole body. JDK {@code HttpServer}: this origin
 * only ever sees what the caches let through, so it need not be fast.
 */
public final class BenchOrigin implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BenchOrigin.class);
  private static final int PATTERN = 64 * 1024;

  /**
   * @param slowDelay how long {@code /slow/} waits before its response
   * @param slowBytes the body size of a {@code /slow/} object
   * @param liveLatency how long live playlists and segments take to start
   * @param segmentBytes the size of one live segment
   * @param segmentDuration the live segment (and target) duration
   * @param window segments in a live playlist
   */
  public record Settings(Duration slowDelay, long slowBytes, Duration liveLatency, long segmentBytes,
      Duration segmentDuration, int window) {
    public Settings {
      Objects.requireNonNull(slowDelay, "slowDelay");
      Objects.requireNonNull(liveLatency, "liveLatency");
      Objects.requireNonNull(segmentDuration, "segmentDuration");
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(1), 256 * 1024, Duration.ofMillis(20), 512 * 1024,
          Duration.ofSeconds(2), 6);
    }
  }

  private final Settings settings;
  private final Clock clock;
  private final HttpServer server;
  private final ScheduledExecutorService executor;
  private final byte[] pattern = new byte[PATTERN];
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LiveTimeline> streams = new ConcurrentHashMap<>();

  private BenchOrigin(Settings settings, Clock clock) throws IOException {
    this.settings = settings;
    this.clock = clock;
    new SplittableRandom(42).nextBytes(pattern);
    this.executor = new ScheduledThreadPoolExecutor(8, r -> {
      Thread t = new Thread(r, "bench-origin");
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts an origin on an ephemeral loopback port. */
  public static BenchOrigin start(Settings settings, Clock clock) throws IOException {
    return new BenchOrigin(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public Settings settings() {
    return settings;
  }

  /** Makes {@code /live/<stream>/} exist with this timeline. */
  public void openLiveStream(String stream, LiveTimeline timeline) {
    streams.put(Objects.requireNonNull(stream, "stream"), Objects.requireNonNull(timeline, "timeline"));
  }

  /** Requests received for exactly {@code path}. */
  public long requests(String path) {
    LongAdder a = requests.get(path);
    return a == null ? 0 : a.sum();
  }

  /** Request counts of every path starting with {@code prefix}, sorted by path. */
  public Map<String, Long> requestsUnder(String prefix) {
    Map<String, Long> out = new TreeMap<>();
    requests.forEach((path, n) -> {
      if (path.startsWith(prefix)) {
        out.put(path, n.sum());
      }
    });
    return out;
  }

  private void handle(HttpExchange ex) {
    String path = ex.getRequestURI().getRawPath();
    requests.computeIfAbsent(path, p -> new LongAdder()).increment();
    try {
      if (path.startsWith("/slow/")) {
        executor.schedule(() -> respond(ex, 200, "application/octet-stream", "max-age=60", null,
            settings.slowBytes(), null), settings.slowDelay().toNanos(), TimeUnit.NANOSECONDS);
      } else if (path.startsWith("/live/")) {
        executor.schedule(() -> live(ex, path), settings.liveLatency().toNanos(), TimeUnit.NANOSECONDS);
      } else {
        respond(ex, 404, "text/plain", "max-age=10", null, -1, "not found\n");
      }
    } catch (RuntimeException e) {
      log.warn("origin failed on {}", path, e);
      ex.close();
    }
  }

  private void live(HttpExchange ex, String path) {
    int slash = path.indexOf('/', "/live/".length());
    LiveTimeline timeline = slash < 0 ? null : streams.get(path.substring("/live/".length(), slash));
    if (timeline == null) {
      respond(ex, 404, "text/plain", "max-age=1", null, -1, "no such stream\n");
      return;
    }
    String name = path.substring(slash + 1);
    var now = clock.instant();
    if (name.equals("index.m3u8")) {
      String etag = "\"" + timeline.lastComplete(now) + "\"";
      if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
        respond(ex, 304, null, "max-age=1", etag, -1, null);
      } else {
        // Half the target duration, as live packagers do (RFC 8216 §6.2.2 reload timing).
        respond(ex, 200, "application/vnd.apple.mpegurl", "max-age=1", etag, -1, timeline.playlist(now));
      }
      return;
    }
    long n = LiveTimeline.segmentNumber(name);
    if (!timeline.exists(n, now)) {
      respond(ex, 404, "text/plain", "max-age=1", null, -1, "no such segment\n");
      return;
    }
    respond(ex, 200, "video/mp2t", "max-age=31536000, immutable", "\"" + name + "\"", settings.segmentBytes(), null);
  }

  /** Sends a response: {@code text}, or {@code bodyBytes} of the pattern, or no body. */
  private void respond(HttpExchange ex, int status, String type, String cacheControl, String etag,
      long bodyBytes, String text) {
    try (ex) {
      Headers h = ex.getResponseHeaders();
      if (type != null) {
        h.set("Content-Type", type);
      }
      h.set("Cache-Control", cacheControl);
      if (etag != null) {
        h.set("ETag", etag);
      }
      byte[] textBytes = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
      long length = textBytes != null ? textBytes.length : Math.max(bodyBytes, 0);
      boolean head = ex.getRequestMethod().equals("HEAD");
      if (status == 304 || length == 0 || head) {
        if (head && status != 304) {
          h.set("Content-Length", Long.toString(length));
        }
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, length);
      OutputStream out = ex.getResponseBody();
      if (textBytes != null) {
        out.write(textBytes);
      } else {
        for (long left = length; left > 0; left -= PATTERN) {
          out.write(pattern, 0, (int) Math.min(PATTERN, left));
        }
      }
    } catch (IOException e) {
      // The cache in front went away mid-body (a viewer cancelled); nothing to do.
      log.debug("origin response cut short: {}", e.toString());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
