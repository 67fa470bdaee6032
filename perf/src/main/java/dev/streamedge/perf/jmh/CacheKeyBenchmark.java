package dev.streamedge.perf.jmh;

import dev.streamedge.edge.cache.CacheKey;
import dev.streamedge.edge.cache.CacheKeyPolicy;
import dev.streamedge.edge.cache.FieldSelection;
import dev.streamedge.edge.http.HttpFields;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a request's cache key ({@link CacheKeyPolicy#keyFor}), once per request: the default
 * policy (path + whole query string), and a CloudFront-style policy that selects one query
 * parameter, one header and one cookie out of a browser-like request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class CacheKeyBenchmark {
  private static final String PATH = "/vod/movie/720p/seg_00042.ts";
  private static final String QUERY = "v=3&utm_source=newsletter&utm_medium=email&session=8f14e45fceea167a";
  private static final HttpFields HEADERS = HttpFields.builder()
      .add("Host", "cdn.example.com")
      .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")
      .add("Accept", "*/*")
      .add("Accept-Encoding", "gzip, deflate, br")
      .add("Accept-Language", "en-US,en;q=0.9")
      .add("Origin", "https://www.example.com")
      .add("Referer", "https://www.example.com/watch/movie")
      .add("Cookie", "lang=en; theme=dark; plan=premium; _ga=GA1.2.1234567890.1700000000")
      .build();

  @Param({"default", "selective"})
  String policy;

  private CacheKeyPolicy keyPolicy;

  @org.openjdk.jmh.annotations.Setup
  public void setUp() {
    keyPolicy = policy.equals("default")
        ? CacheKeyPolicy.DEFAULT
        : new CacheKeyPolicy(FieldSelection.allowList("v"), FieldSelection.allowList("Origin"),
            FieldSelection.allowList("plan"));
  }

  @Benchmark
  public CacheKey keyFor() {
    return keyPolicy.keyFor(PATH, QUERY, HEADERS);
  }
}
