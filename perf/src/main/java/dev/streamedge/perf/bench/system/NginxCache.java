package dev.streamedge.perf.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx as a CDN edge: {@code proxy_cache} with {@code proxy_cache_lock}, and the {@code slice}
 * module for the large object ({@code perf/conf/nginx.conf}). Started in the foreground with its
 * own prefix; its master is our child, its workers the master's.
 */
public final class NginxCache implements SystemUnderTest {
  private final ChildProcess process;
  private final int port;
  private final int workers;

  private NginxCache(ChildProcess process, int port, int workers) {
    this.process = process;
    this.port = port;
    this.workers = workers;
  }

  public static NginxCache start(Setup setup, Path nginx, int workers) {
    Path dir = setup.runDir().resolve("nginx");
    try {
      for (String d : List.of("", "logs", "cache", "temp")) {
        Files.createDirectories(dir.resolve(d));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePorts.next();
    // As root, workers would run as "nobody" and could not write the cache in our private
    // directory; run them as the user that runs the benchmark.
    String user = System.getProperty("user.name");
    String userDirective = "root".equals(user) ? "user root;" : "";
    Path conf = ConfigTemplate.read(setup.confDir().resolve("nginx.conf")).renderTo(dir.resolve("nginx.conf"),
        Map.of("user", userDirective, "workers", Integer.toString(workers), "port", Integer.toString(port),
            "dir", dir.toString(), "filesOrigin", Setup.hostPort(setup.filesOrigin()),
            "benchOrigin", Setup.hostPort(setup.benchOrigin())));
    ChildProcess p = ChildProcess.start("nginx", List.of(nginx.toString(), "-p", dir + "/", "-c", conf.toString(),
        "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;"), dir.resolve("nginx.out"));
    try {
      p.awaitPort(port, Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new NginxCache(p, port, workers);
  }

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public long servingPid() {
    return process.pid();
  }

  /** The workers' peaks added up: they serve side by side (shared pages count once per worker). */
  @Override
  public long peakRssBytes() {
    long sum = 0;
    boolean any = false;
    for (ProcessHandle worker : process.handle().children().toList()) {
      if (!processTitle(worker.pid()).contains("worker process")) {
        continue;
      }
      long rss = ChildProcess.peakRssBytes(worker.pid());
      if (rss > 0) {
        sum += rss;
        any = true;
      }
    }
    return any ? sum : -1;
  }

  /** nginx rewrites its argv: "nginx: worker process", "nginx: cache manager process". */
  private static String processTitle(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public String rssScope() {
    return "sum of nginx's " + workers + " workers (the cache manager/loader processes excluded)";
  }

  @Override
  public void close() {
    process.close();
  }
}
