package dev.streamedge.perf.jmh;

import dev.streamedge.edge.cache.CacheRules;
import dev.streamedge.edge.cache.LookupDecision;
import dev.streamedge.edge.cache.StorageDecision;
import dev.streamedge.edge.cache.StoredResponse;
import dev.streamedge.edge.cache.TargetedFields;
import dev.streamedge.edge.cache.TtlPolicy;
import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The freshness decision of a hit ({@link CacheRules#lookup}, RFC 9111 §4.2 with CloudFront's TTL
 * merge) and the headers sent with it ({@link CacheRules#viewerHeaders}, which computes {@code
 * Age}): both run on every cached response. Stored responses as the packager sends them: a
 * long-lived segment, and a live playlist whose edge-specific freshness comes from {@code
 * CDN-Cache-Control} (RFC 9213).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class FreshnessLookupBenchmark {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final HttpFields VIEWER = HttpFields.builder()
      .add("Host", "cdn.example.com")
      .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")
      .add("Accept", "*/*")
      .add("Accept-Encoding", "gzip, deflate, br")
      .build();

  @Param({"segment", "livePlaylist"})
  String object;

  private CacheRules rules;
  private StoredResponse stored;
  private Instant now;

  @Setup
  public void setUp() {
    rules = new CacheRules(TtlPolicy.cloudFrontDefaults(), TargetedFields.cdnOnly(), false);
    HttpFields.Builder h = HttpFields.builder()
        .add("Date", HttpDates.format(T0))
        .add("Content-Type", object.equals("segment") ? "video/mp2t" : "application/vnd.apple.mpegurl")
        .add("Content-Length", object.equals("segment") ? "1048576" : "2048")
        .add("ETag", "\"5f3c-a1b2c3\"")
        .add("Last-Modified", HttpDates.format(T0.minusSeconds(60)));
    if (object.equals("segment")) {
      h.add("Cache-Control", "public, max-age=31536000, immutable");
    } else {
      h.add("Cache-Control", "max-age=1").add("CDN-Cache-Control", "max-age=2, stale-while-revalidate=2");
    }
    StorageDecision d = rules.storage("GET", VIEWER, 200, h.build(), T0, T0);
    if (!(d instanceof StorageDecision.Store s)) {
      throw new IllegalStateException("not stored: " + d);
    }
    stored = s.response();
    now = T0.plusMillis(1500);
    if (!(rules.lookup(VIEWER, stored, now) instanceof LookupDecision.Fresh)) {
      throw new IllegalStateException("expected a fresh hit: " + rules.lookup(VIEWER, stored, now));
    }
  }

  @Benchmark
  public LookupDecision lookup() {
    return rules.lookup(VIEWER, stored, now);
  }

  @Benchmark
  public HttpFields viewerHeaders() {
    return rules.viewerHeaders(stored, stored.ageSeconds(now));
  }
}
