package dev.streamedge.perf.jmh;

import dev.streamedge.edge.range.RangeParser;
import dev.streamedge.edge.range.RangeRequest;
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
 * Parsing and resolving a viewer's {@code Range} header (RFC 9110 §14.2) against a 20 GB object:
 * once per ranged request on the hit path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RangeParserBenchmark {
  private static final long LENGTH = 20_000_000_000L;

  /** A player's segment-sized range, an open-ended resume, a suffix, and four ranges (multipart). */
  @Param({"bytes=1048576-2097151", "bytes=4294967296-", "bytes=-500", "bytes=0-99,200-299,400-499,600-699"})
  String header;

  private final RangeParser parser = RangeParser.withDefaults();

  @Benchmark
  public RangeRequest parseAndResolve() {
    return parser.parse(header, LENGTH);
  }
}
