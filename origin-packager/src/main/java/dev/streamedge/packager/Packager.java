package dev.streamedge.packager;

import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.packager.files.FileOrigin;
import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.netty.HttpServer;
import dev.streamedge.packager.netty.HttpServerOptions;
import dev.streamedge.packager.http.Response;
import dev.streamedge.packager.live.LiveChannels;
import dev.streamedge.packager.routing.OriginRouter;
import dev.streamedge.packager.routing.StatusPage;
import dev.streamedge.packager.vod.VodCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a packager: wires the features by constructor and binds the HTTP server.
 *
 * <pre>
 * try (RunningPackager p = Packager.start(PackagerConfig.builder().listen("127.0.0.1:0")
 *         .workDir(dir).filesDir(files).build())) {
 *   URI base = p.baseUri();   // GET base + "/files/sample.bin"
 * }
 * </pre>
 */
public final class Packager {
  private static final Logger log = LoggerFactory.getLogger(Packager.class);

  private Packager() {}

  /** Starts with the system clock. */
  public static RunningPackager start(PackagerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts with an explicit clock: the live timeline (segment numbers, PROGRAM-DATE-TIME) is a function
   * of it, so tests can run two packagers "started seconds apart" on controlled clocks.
   *
   * @throws UncheckedIOException when the work directory cannot be created or the address bound
   */
  public static RunningPackager start(PackagerConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    try {
      Files.createDirectories(config.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("packager.workDir: cannot create " + config.workDir(), e);
    }
    // Channels first: a channel whose timeline does not fit the frame rate is a config error, raised
    // before any thread exists.
    LiveChannels live = new LiveChannels(config, clock);
    List<AutoCloseable> closeOnStop = new ArrayList<>();
    ThreadPoolExecutor worker = new ThreadPoolExecutor(
        config.workerThreads(), config.workerThreads(), 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1024), new NamedThreads(config.name() + "-worker", Thread.NORM_PRIORITY));
    worker.allowCoreThreadTimeOut(true);

    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(new NamedThreads(config.name() + "-scan", Thread.NORM_PRIORITY));
    closeOnStop.add(scheduler::shutdownNow);

    OriginRouter.Builder routes = OriginRouter.builder(config.maxRanges());
    config.filesDir().ifPresent(dir -> routes.mount("/files/", new FileOrigin(dir, config.filesMaxAge())::lookup));
    VodCatalog vod = config.mediaDir().map(dir -> {
      ExecutorService transcoder = config.transcodeThreads() == 0 ? null : new ThreadPoolExecutor(
          config.transcodeThreads(), config.transcodeThreads(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          new NamedThreads(config.name() + "-transcode", Thread.MIN_PRIORITY));
      return new VodCatalog(dir, config.workDir(), config.segmentDuration(), config.renditions(), config::containerOf,
          transcoder);
    }).orElse(null);
    if (vod != null) {
      closeOnStop.add(vod);
      routes.mount("/vod/", vod::lookup);
      long every = config.mediaScanInterval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> {
        try {
          vod.discover();
        } catch (RuntimeException e) {
          log.warn("media scan failed: {}", e.toString());
        }
      }, 0, every, TimeUnit.MILLISECONDS);
    }
    closeOnStop.add(live);
    routes.mount("/live/", live::lookup);
    StatusPage status = new StatusPage(() -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", config.name());
      m.put("assets", vod == null ? List.of() : vod.status());
      m.put("live", live.status());
      return m;
    });
    routes.mount("/status", status::lookup);
    routes.health(() -> new Lookup.Answer(Response.text(200, "ok", "no-store", false)));
    OriginRouter router = routes.build();

    HttpServer server;
    try {
      server = HttpServer.start(
          new HttpServerOptions(config.listen(), config.ioThreads(), config.idleTimeout(), config.zeroCopy(),
              "streamedge-packager/" + config.name(), config.shutdownGrace()),
          router::respond, worker, clock);
    } catch (IOException e) {
      worker.shutdownNow();
      for (AutoCloseable c : closeOnStop) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing to start; the bind error is what matters
        }
      }
      throw new UncheckedIOException("packager.listen: " + e.getMessage(), e);
    }
    live.start();
    Running running = new Running(config, server, worker, closeOnStop);
    log.info("packager listening on {} (name {})", running.baseUri(), config.name());
    return running;
  }

  private static final class Running implements RunningPackager {
    private final PackagerConfig config;
    private final HttpServer server;
    private final ThreadPoolExecutor worker;
    private final List<AutoCloseable> closeOnStop;
    private final InetSocketAddress address;
    private boolean closed;

    Running(PackagerConfig config, HttpServer server, ThreadPoolExecutor worker, List<AutoCloseable> closeOnStop) {
      this.config = config;
      this.server = server;
      this.worker = worker;
      this.closeOnStop = closeOnStop;
      this.address = server.address();
    }

    @Override
    public InetSocketAddress address() {
      return address;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      log.info("packager {} stopping", config.name());
      server.close();
      for (int i = closeOnStop.size() - 1; i >= 0; i--) {
        try {
          closeOnStop.get(i).close();
        } catch (Exception e) {
          log.warn("while stopping: {}", e.toString());
        }
      }
      worker.shutdown();
      try {
        if (!worker.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
          worker.shutdownNow();
        }
      } catch (InterruptedException e) {
        worker.shutdownNow();
        Thread.currentThread().interrupt();
      }
      log.info("packager {} stopped", config.name());
    }
  }
}
