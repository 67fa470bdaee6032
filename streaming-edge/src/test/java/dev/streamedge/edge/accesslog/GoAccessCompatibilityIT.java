package dev.streamedge.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real CloudFront log parser reads every line the writer produces: goaccess with its predefined
 * {@code CLOUDFRONT} format (Debian package {@code goaccess}).
 */
class GoAccessCompatibilityIT {
  private static final Path GOACCESS = Path.of("/usr/bin/goaccess");
  private static final Instant T0 = Instant.parse("2026-03-01T23:59:30Z");

  @TempDir
  Path dir;

  @Test
  void goaccessParsesEveryLine() throws Exception {
    assumeTrue(Files.isExecutable(GOACCESS), "goaccess is not installed (apt-get install goaccess)");
    List<AccessRecord> records = varied(1500);
    Path log = dir.resolve("access.log");
    AccessLogSettings settings = AccessLogSettings.defaults(log, "edge-1").withLogCookies(true)
        .withRotation(0, Duration.ZERO);
    AccessLogWriter writer = AccessLogWriter.start(settings, Clock.fixed(T0, ZoneOffset.UTC));
    records.forEach(r -> assertThat(writer.offer(r)).isTrue());
    assertThat(writer.close(Duration.ofSeconds(30))).isTrue();
    assertThat(Files.readAllLines(log)).hasSize(records.size() + 2);

    // CloudFront writes sc-status 000 when the viewer left before any response; goaccess's strict
    // status check rejects it, --no-strict-status accepts it.
    JsonNode general = goaccess(log, "--no-strict-status").path("general");
    Path invalid = dir.resolve("invalid.txt");
    assertThat(Files.exists(invalid) ? Files.readString(invalid) : "").as("lines goaccess rejected").isEmpty();
    assertThat(general.path("failed_requests").asLong()).isZero();
    assertThat(general.path("valid_requests").asLong()).isEqualTo(records.size());
    long sentBytes = records.stream().mapToLong(AccessRecord::responseBytes).sum();
    assertThat(general.path("bandwidth").asLong()).as("sum of sc-bytes as goaccess read it").isEqualTo(sentBytes);
    assertThat(general.path("start_date").asText()).isEqualTo("01/Mar/2026");
    assertThat(general.path("end_date").asText()).isEqualTo("02/Mar/2026");

    long noStatus = records.stream().filter(r -> r.status() == 0).count();
    assertThat(noStatus).isPositive();
    JsonNode strict = goaccess(log).path("general");
    assertThat(strict.path("failed_requests").asLong()).isEqualTo(noStatus);
  }

  private JsonNode goaccess(Path log, String... extra) throws IOException, InterruptedException {
    Path report = dir.resolve("report.json");
    Files.deleteIfExists(report);
    Files.deleteIfExists(dir.resolve("invalid.txt"));
    List<String> cmd = new ArrayList<>(List.of(GOACCESS.toString(), log.toString(), "--no-global-config",
        "--log-format=CLOUDFRONT", "--invalid-requests=" + dir.resolve("invalid.txt"), "-o", report.toString()));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("goaccess.out").toFile())
        .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("goaccess finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("goaccess.out"))).isZero();
    // goaccess decodes %XX once and copies the bytes into its JSON as they are, so a request that
    // carried non-UTF-8 bytes makes the report invalid UTF-8: read it byte for byte instead.
    return new ObjectMapper().readTree(Files.readString(report, StandardCharsets.ISO_8859_1));
  }

  /** Hits, misses, refreshes, ranges, 304, 403, 404, origin errors, aborts, odd agents and clients. */
  static List<AccessRecord> varied(int n) {
    Random rnd = new Random(20260301);
    String[] agents = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "AppleCoreMedia/1.0.0.21E236 (iPhone; U; CPU OS 17_4 like Mac OS X; en_us)",
        "VLC/3.0.20 LibVLC/3.0.20", "curl/8.5.0", "hls.js \"quoted\" 'single' <angle> {brace} |pipe| \\back^~`",
        "Tab\there and\nnewline\r", "caf\u00c3\u00a9 player (raw UTF-8 bytes)", "\u043f\u043b\u0435\u0435\u0440 \u20ac \ud83c\udfac",
        "100% sure %41%20", "", null};
    String[] clients = {"192.0.2.10", "198.51.100.7", "203.0.113.254", "2001:db8::1", "2001:db8:85a3:0:0:8a2e:370:7334",
        "0:0:0:0:0:0:0:1", "fe80:0:0:0:0:0:0:1%eth0", "[2001:db8::2]", "10.0.0.1"};
    String[] methods = {"GET", "GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"};
    String[] queries = {null, null, "v=1", "Expires=1767225600&Signature=abc~def_&Key-Pair-Id=K2JCJMDEHXQW5F",
        "q=a b&x=%3D%25", "range=bytes%3D0-99", "utm_source=\"news\"&t=<1>", "\u00e9t\u00e9=1"};
    String[] referers = {null, "https://player.example.com/watch?v=42", "https://www.example.com/a b#frag"};
    List<AccessRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int kind = i % 14;
      AccessRecord.Builder b = AccessRecord.builder()
          .timestampMillis(T0.toEpochMilli() + i * 97L)
          .clientIp(clients[rnd.nextInt(clients.length)]).clientPort(1024 + rnd.nextInt(60000))
          .method(methods[rnd.nextInt(methods.length)]).distributionHost("cdn.example.com")
          .hostHeader(rnd.nextBoolean() ? "cdn.example.com" : "video.example.org:8443")
          .path("/videos/asset-" + (i % 37) + "/720p/seg-" + i + ".ts").query(queries[rnd.nextInt(queries.length)])
          .referer(referers[rnd.nextInt(referers.length)]).userAgent(agents[rnd.nextInt(agents.length)])
          .cookie(rnd.nextInt(4) == 0 ? "CloudFront-Policy=eyJTdGF0; CloudFront-Key-Pair-Id=K2J; a=\"b c\"" : null)
          .requestId("r" + Long.toHexString(rnd.nextLong())).requestBytes(200 + rnd.nextInt(800))
          .protocolVersion(ProtocolVersion.values()[rnd.nextInt(3)])
          .timeTakenNanos(rnd.nextInt(2_000_000_000)).timeToFirstByteNanos(rnd.nextInt(50_000_000))
          .contentType("video/mp2t").forwardedFor(rnd.nextInt(5) == 0 ? "203.0.113.9, 198.51.100.1" : null);
      if (rnd.nextBoolean()) {
        b.scheme("https").tlsProtocol("TLSv1.3").tlsCipher("TLS_AES_128_GCM_SHA256");
      }
      switch (kind) {
        case 0, 1, 2, 3 -> ok(b, 200, ResponseSource.CACHE, 1_048_576 + rnd.nextInt(1 << 20));
        case 4 -> ok(b, 200, ResponseSource.ORIGIN, 2_000_000);
        case 5 -> ok(b, 200, ResponseSource.REVALIDATED, 2_048).contentType("application/vnd.apple.mpegurl")
            .path("/live/ch1/index.m3u8");
        case 6 -> ok(b, 206, ResponseSource.CACHE, 1_048_576).range(5_368_709_120L, 5_369_757_695L);
        case 7 -> ok(b, 304, ResponseSource.CACHE, 0).contentType(null).contentLength(-1);
        case 8 -> err(b, 403, ResponseSource.EDGE, FailureKind.NONE, 36).contentType("text/plain; charset=utf-8");
        case 9 -> err(b, 404, ResponseSource.ORIGIN, FailureKind.NONE, 120);
        case 10 -> err(b, 502, ResponseSource.ORIGIN, FailureKind.ORIGIN_CONNECT, 98);
        case 11 -> err(b, 504, ResponseSource.ORIGIN, FailureKind.ORIGIN_TIMEOUT, 96);
        case 12 -> err(b, 200, ResponseSource.CACHE, FailureKind.CLIENT_ABORTED, 65_536).contentLength(10_000_000);
        default -> err(b, 0, ResponseSource.ORIGIN, FailureKind.CLIENT_ABORTED, 0).timeToFirstByteNanos(-1)
            .contentType(null);
      }
      out.add(b.build());
    }
    return out;
  }

  private static AccessRecord.Builder ok(AccessRecord.Builder b, int status, ResponseSource source, long body) {
    return b.status(status).result(EdgeResult.classify(status, source, FailureKind.NONE)).contentLength(body)
        .responseBytes(body + 320);
  }

  private static AccessRecord.Builder err(AccessRecord.Builder b, int status, ResponseSource source,
      FailureKind failure, long sent) {
    return b.status(status).result(EdgeResult.classify(status, source, failure)).contentLength(sent)
        .responseBytes(status == 0 ? 0 : sent + 180);
  }
}
