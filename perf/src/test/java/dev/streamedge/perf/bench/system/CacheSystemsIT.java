package dev.streamedge.perf.bench.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamedge.packager.Packager;
import dev.streamedge.packager.RunningPackager;
import dev.streamedge.packager.config.PackagerConfig;
import dev.streamedge.perf.bench.load.CollapseProbe;
import dev.streamedge.perf.bench.load.CurlDownload;
import dev.streamedge.perf.bench.load.H2load;
import dev.streamedge.perf.bench.load.H2loadResult;
import dev.streamedge.perf.bench.origin.BenchOrigin;
import dev.streamedge.perf.bench.origin.FixedContent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each system under test started for real from its template in perf/conf, in front of the real
 * origins: it answers, caches (the second request is a hit by its own header), collapses
 * concurrent misses into one origin request, reports its memory, and is gone after close; the
 * edge and nginx also answer over HTTPS with HTTP/2 from the same cache. nginx, Varnish and h2load
 * are skipped where they are not installed.
 */
class CacheSystemsIT {
  @TempDir
  static Path dir;
  private static RunningPackager files;
  private static BenchOrigin origin;
  private static final Tools tools = Tools.find();

  @BeforeAll
  static void origins() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    FixedContent.write(dir.resolve("files"), 16L << 20);
    files = Packager.start(PackagerConfig.builder().listen("127.0.0.1:0").workDir(dir.resolve("packager"))
        .filesDir(dir.resolve("files")).build());
    origin = BenchOrigin.start(new BenchOrigin.Settings(Duration.ofMillis(400), 64 * 1024, Duration.ZERO, 1024,
        Duration.ofSeconds(1), 3), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    origin.close();
    files.close();
  }

  private static SystemUnderTest start(String name) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("run-" + name));
    SystemUnderTest.Setup setup = new SystemUnderTest.Setup(runDir, Path.of("conf").toAbsolutePath(),
        files.baseUri(), origin.baseUri());
    return switch (name) {
      case "edge" -> EdgeNode.start(setup, new EdgeNode.Launch(Path.of(System.getProperty("java.home"), "bin", "java"),
          System.getProperty("java.class.path"), List.of("-Xmx256m"), null));
      case "nginx" -> {
        assumeTrue(tools.nginx().isPresent(), "nginx is not installed");
        yield NginxCache.start(setup, tools.nginx().get(), 2);
      }
      case "varnish" -> {
        assumeTrue(tools.varnishd().isPresent(), "varnishd is not installed");
        yield VarnishCache.start(setup, tools.varnishd().get(), "256m");
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge", "nginx", "varnish"})
  void servesCachesCollapsesAndStops(String name) throws Exception {
    assumeTrue(tools.curl().isPresent(), "curl is not installed");
    CurlDownload curl = new CurlDownload(tools.curl().get());
    SystemUnderTest s = start(name);
    ProcessHandle serving;
    try {
      serving = ProcessHandle.of(s.servingPid()).orElseThrow();
      CurlDownload.Result first = curl.get(s.baseUri().resolve(FixedContent.SEGMENT), List.of(), Duration.ofSeconds(30));
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.bytes()).isEqualTo(FixedContent.SEGMENT_BYTES);
      CurlDownload.Result second = curl.get(s.baseUri().resolve(FixedContent.SEGMENT), List.of(), Duration.ofSeconds(30));
      assertThat(s.isHit(second.header("X-Cache"))).as("X-Cache: " + second.header("X-Cache")).isTrue();

      CurlDownload.Result range = curl.get(s.baseUri().resolve(FixedContent.OBJECT_4M),
          List.of("Range: bytes=1048576-2097151"), Duration.ofSeconds(30));
      assertThat(range.status()).isEqualTo(206);
      assertThat(range.bytes()).isEqualTo(1L << 20);

      String path = "/slow/it-" + name;
      CollapseProbe.Result c = CollapseProbe.run(s.baseUri().resolve(path), 10, 64 * 1024, Duration.ofSeconds(20));
      assertThat(c.failed()).isZero();
      assertThat(origin.requests(path)).isEqualTo(1);
      assertThat(c.lastByteSeconds()).isGreaterThanOrEqualTo(0.4);

      assertThat(s.peakRssBytes()).isPositive();
    } finally {
      s.close();
    }
    assertThat(serving.isAlive()).isFalse();
  }

  /**
   * The HTTPS listener (edge, nginx) answers over HTTP/2 from the same cache as the plain one: an
   * object filled over HTTP is a hit over HTTPS, and h2load gets h2 and only 2xx answers. Varnish
   * has none.
   */
  @ParameterizedTest
  @ValueSource(strings = {"edge", "nginx", "varnish"})
  void httpsListenerAnswersOverHttp2FromTheSameCache(String name) throws Exception {
    assumeTrue(tools.curl().isPresent(), "curl is not installed");
    CurlDownload curl = new CurlDownload(tools.curl().get());
    CurlDownload curlH2 = CurlDownload.overHttp2(tools.curl().get());
    try (SystemUnderTest s = start(name)) {
      if (name.equals("varnish")) {
        assertThat(s.httpsBaseUri()).isEmpty();
        return;
      }
      URI https = s.httpsBaseUri().orElseThrow();
      assertThat(https.getScheme()).isEqualTo("https");
      CurlDownload.Result http = curl.get(s.baseUri().resolve(FixedContent.PLAYLIST), List.of(), Duration.ofSeconds(30));
      assertThat(http.status()).isEqualTo(200);
      CurlDownload.Result h2 = curlH2.get(https.resolve(FixedContent.PLAYLIST), List.of(), Duration.ofSeconds(30));
      assertThat(h2.status()).isEqualTo(200);
      assertThat(h2.protocol()).isEqualTo("HTTP/2");
      assertThat(h2.bytes()).isEqualTo(http.bytes()).isGreaterThan(1500);
      assertThat(s.isHit(h2.header("X-Cache"))).as("filled over HTTP, X-Cache over HTTPS: " + h2.header("X-Cache"))
          .isTrue();

      CurlDownload.Result segment = curlH2.get(https.resolve(FixedContent.SEGMENT), List.of(), Duration.ofSeconds(30));
      assertThat(segment.status()).isEqualTo(200);
      assertThat(segment.bytes()).isEqualTo(FixedContent.SEGMENT_BYTES);

      assumeTrue(tools.h2load().isPresent(), "h2load is not installed (nghttp2-client)");
      H2loadResult r = new H2load(tools.h2load().get(), 1, 2, 4).run(https.resolve(FixedContent.SEGMENT), List.of(),
          Duration.ofSeconds(1));
      assertThat(r.applicationProtocol()).isEqualTo("h2");
      assertThat(r.tlsProtocol()).isEqualTo("TLSv1.3");
      assertThat(r.errors()).isZero();
      assertThat(r.requestsPerSecond()).isPositive();
      assertThat(r.p99Millis()).isGreaterThanOrEqualTo(r.p50Millis()).isPositive();
    }
  }
}
