package dev.streamedge.perf.bench.system;

import dev.streamedge.perf.bench.load.ExternalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx as a CDN edge: {@code proxy_cache} with {@code proxy_cache_lock}, and the {@code slice}
 * module for the large object ({@code perf/conf/nginx.conf}), on a plain listener and an HTTPS one
 * with HTTP/2 (the run's {@link LoopbackCertificate}). Started in the foreground with its own
 * prefix; its master is our child, its workers the master's.
 */
public final class NginxCache implements SystemUnderTest {
  private static final Pattern VERSION = Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)");

  private final ChildProcess process;
  private final int port;
  private final int tlsPort;
  private final int workers;

  private NginxCache(ChildProcess process, int port, int tlsPort, int workers) {
    this.process = process;
    this.port = port;
    this.tlsPort = tlsPort;
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
    int tlsPort = FreePorts.next();
    LoopbackCertificate cert = LoopbackCertificate.in(setup.runDir().resolve("tls"));
    ExternalCommand.Result v = ExternalCommand.run(List.of(nginx.toString(), "-v"), Duration.ofSeconds(10));
    String tlsListen = tlsListen(v.stderr() + v.stdout(), tlsPort);
    // As root, workers would run as "nobody" and could not write the cache in our private
    // directory; run them as the user that runs the benchmark.
    String user = System.getProperty("user.name");
    String userDirective = "root".equals(user) ? "user root;" : "";
    Path conf = ConfigTemplate.read(setup.confDir().resolve("nginx.conf")).renderTo(dir.resolve("nginx.conf"),
        Map.of("user", userDirective, "workers", Integer.toString(workers), "port", Integer.toString(port),
            "tlsListen", tlsListen, "certFile", cert.certFile().toString(), "keyFile", cert.keyFile().toString(),
            "dir", dir.toString(), "filesOrigin", Setup.hostPort(setup.filesOrigin()),
            "benchOrigin", Setup.hostPort(setup.benchOrigin())));
    ChildProcess p = ChildProcess.start("nginx", List.of(nginx.toString(), "-p", dir + "/", "-c", conf.toString(),
        "-e", dir.resolve("logs/error.log").toString(), "-g", "daemon off;"), dir.resolve("nginx.out"));
    try {
      p.awaitPort(port, Duration.ofSeconds(20));
      p.awaitPort(tlsPort, Duration.ofSeconds(20));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new NginxCache(p, port, tlsPort, workers);
  }

  /**
   * The HTTPS listener with HTTP/2 in the syntax of the nginx that printed {@code versionOutput}
   * ({@code nginx -v}): {@code listen ... ssl http2;} before 1.25.1 (Debian 12 has 1.22), {@code
   * listen ... ssl;} with {@code http2 on;} from 1.25.1, where the {@code http2} listen parameter is
   * deprecated. An unknown version gets the old syntax, which newer versions still accept.
   */
  static String tlsListen(String versionOutput, int tlsPort) {
    Matcher m = VERSION.matcher(versionOutput);
    boolean http2Directive = false;
    if (m.find()) {
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      int patch = Integer.parseInt(m.group(3));
      http2Directive = major > 1 || (major == 1 && (minor > 25 || (minor == 25 && patch >= 1)));
    }
    String listen = "listen 127.0.0.1:" + tlsPort + " ssl";
    return http2Directive ? listen + ";\n    http2 on;" : listen + " http2;";
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
  public Optional<URI> httpsBaseUri() {
    return Optional.of(URI.create("https://127.0.0.1:" + tlsPort));
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
