package dev.streamedge.edge.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters and latency histograms of one origin (a member of an origin group counts on its
 * own). Kept by the request path, one per origin, from {@link EdgeMetrics#origin}; all meters are
 * registered up front, so every method is an add or a timer record.
 */
public final class OriginMeters {
  /**
   * Histogram buckets (seconds) for origin latencies: a playlist from a nearby packager answers in
   * milliseconds, a 1 GiB file takes minutes to arrive in full.
   */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

  private static final OriginErrorKind[] KINDS = OriginErrorKind.values();

  private final String id;
  private final LongAdder requests = new LongAdder();
  private final LongAdder failovers = new LongAdder();
  private final LongAdder[] errors = new LongAdder[KINDS.length];
  private final Timer firstByte;
  private final Timer lastByte;

  OriginMeters(String id, MeterRegistry registry) {
    this.id = Objects.requireNonNull(id, "id");
    FunctionCounter.builder("streamedge.origin.requests", requests, LongAdder::sum)
        .description("Requests sent to the origin (each attempt, failover attempts included)")
        .tag("origin", id).register(registry);
    FunctionCounter.builder("streamedge.origin.failovers", failovers, LongAdder::sum)
        .description("Requests moved from this origin to the next member of its origin group")
        .tag("origin", id).register(registry);
    for (OriginErrorKind k : KINDS) {
      LongAdder a = new LongAdder();
      errors[k.ordinal()] = a;
      FunctionCounter.builder("streamedge.origin.errors", a, LongAdder::sum)
          .description("Failed origin attempts by kind")
          .tags("origin", id, "kind", k.label()).register(registry);
    }
    firstByte = Timer.builder("streamedge.origin.first.byte")
        .description("Origin request sent to response head received")
        .tag("origin", id).serviceLevelObjectives(BUCKETS).register(registry);
    lastByte = Timer.builder("streamedge.origin.last.byte")
        .description("Origin request sent to last body byte received")
        .tag("origin", id).serviceLevelObjectives(BUCKETS).register(registry);
  }

  public String id() {
    return id;
  }

  /** An attempt was sent to this origin. */
  public void request() {
    requests.increment();
  }

  /** An attempt failed. */
  public void error(OriginErrorKind kind) {
    errors[kind.ordinal()].increment();
  }

  /** This origin failed and the request went on to the next member of the group. */
  public void failover() {
    failovers.increment();
  }

  /** Request sent → response head received, in nanoseconds. */
  public void firstByte(long nanos) {
    firstByte.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Request sent → last body byte received, in nanoseconds. */
  public void lastByte(long nanos) {
    lastByte.record(nanos, TimeUnit.NANOSECONDS);
  }

  long requests() {
    return requests.sum();
  }

  long failovers() {
    return failovers.sum();
  }

  long errors(OriginErrorKind kind) {
    return errors[kind.ordinal()].sum();
  }

  Timer firstByteTimer() {
    return firstByte;
  }

  Timer lastByteTimer() {
    return lastByte;
  }
}
