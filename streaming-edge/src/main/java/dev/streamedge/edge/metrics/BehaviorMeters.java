package dev.streamedge.edge.metrics;

import dev.streamedge.edge.accesslog.DetailedResultType;
import dev.streamedge.edge.accesslog.EdgeResult;
import dev.streamedge.edge.accesslog.ProtocolVersion;
import dev.streamedge.edge.accesslog.ResultType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request counters of one cache behavior. The request path keeps this handle (one per
 * behavior, from {@link EdgeMetrics#behavior}) and calls {@link #recordRequest} once per finished
 * request.
 *
 * <p>Every (status class, result, protocol) combination has a cell of two {@link LongAdder}s found
 * by array index. A cell's Prometheus series is registered the first time the combination occurs,
 * so {@code /metrics} does not list hundreds of combinations that never happen; registration takes
 * a lock once per combination, every later call is lock-free and allocation-free.
 */
public final class BehaviorMeters {
  static final String[] STATUS_CLASSES = {"000", "1xx", "2xx", "3xx", "4xx", "5xx"};
  static final String[] RESULTS = {"hit", "refresh", "miss", "error", "redirect"};
  static final int HIT = 0;
  static final int REFRESH = 1;
  static final int MISS = 2;
  static final int ERROR = 3;
  static final int REDIRECT = 4;
  static final ProtocolVersion[] PROTOCOLS = ProtocolVersion.values();

  private final String label;
  private final MeterRegistry registry;
  private final AtomicReferenceArray<Cell> cells =
      new AtomicReferenceArray<>(STATUS_CLASSES.length * RESULTS.length * PROTOCOLS.length);
  private final LongAdder viewerAborts = new LongAdder();

  /** One combination's counters. */
  static final class Cell {
    final int statusClass;
    final int result;
    final ProtocolVersion protocol;
    final LongAdder requests = new LongAdder();
    final LongAdder bytes = new LongAdder();

    Cell(int statusClass, int result, ProtocolVersion protocol) {
      this.statusClass = statusClass;
      this.result = result;
      this.protocol = protocol;
    }
  }

  BehaviorMeters(String label, MeterRegistry registry) {
    this.label = Objects.requireNonNull(label, "label");
    this.registry = registry;
    FunctionCounter.builder("streamedge.viewer.aborts", viewerAborts, LongAdder::sum)
        .description("Responses the viewer abandoned before the last byte (x-edge-detailed-result-type ClientCommError)")
        .tag("behavior", label)
        .register(registry);
  }

  public String label() {
    return label;
  }

  /**
   * Counts one finished request. Cheap enough for an event loop: a few array reads and two adds.
   *
   * @param status the status sent; 0 when none was
   * @param result the request's classification (the same value the access log gets); the {@code
   *     result} label is its x-edge-response-result-type, so a Hit the viewer abandoned still counts
   *     as a hit (and once in {@code streamedge_viewer_aborts_total})
   * @param protocol the viewer's HTTP version
   * @param responseBytes bytes sent to the viewer, headers included (sc-bytes)
   */
  public void recordRequest(int status, EdgeResult result, ProtocolVersion protocol, long responseBytes) {
    int i = index(statusClass(status), resultIndex(result.responseResult()), protocol.ordinal());
    Cell c = cells.get(i);
    if (c == null) {
      c = register(i);
    }
    c.requests.increment();
    if (responseBytes > 0) {
      c.bytes.add(responseBytes);
    }
    if (result.detailed() == DetailedResultType.CLIENT_COMM_ERROR) {
      viewerAborts.increment();
    }
  }

  long viewerAborts() {
    return viewerAborts.sum();
  }

  /** The cells that exist (combinations seen at least once). */
  void forEachCell(java.util.function.Consumer<Cell> action) {
    for (int i = 0; i < cells.length(); i++) {
      Cell c = cells.get(i);
      if (c != null) {
        action.accept(c);
      }
    }
  }

  private synchronized Cell register(int i) {
    Cell c = cells.get(i);
    if (c != null) {
      return c;
    }
    int p = i % PROTOCOLS.length;
    int r = (i / PROTOCOLS.length) % RESULTS.length;
    int s = i / (PROTOCOLS.length * RESULTS.length);
    c = new Cell(s, r, PROTOCOLS[p]);
    Tags tags = Tags.of("behavior", label, "status_class", STATUS_CLASSES[s], "result", RESULTS[r],
        "protocol", PROTOCOLS[p].label());
    FunctionCounter.builder("streamedge.requests", c.requests, LongAdder::sum)
        .description("Viewer requests by behavior, status class, cache result and protocol")
        .tags(tags)
        .register(registry);
    FunctionCounter.builder("streamedge.response.bytes", c.bytes, LongAdder::sum)
        .description("Bytes sent to viewers, headers included (sc-bytes)")
        .baseUnit("bytes")
        .tags(tags)
        .register(registry);
    cells.set(i, c);
    return c;
  }

  private static int index(int statusClass, int result, int protocol) {
    return (statusClass * RESULTS.length + result) * PROTOCOLS.length + protocol;
  }

  static int statusClass(int status) {
    return status >= 100 && status <= 599 ? status / 100 : 0;
  }

  static int resultIndex(ResultType t) {
    return switch (t) {
      case HIT -> HIT;
      case REFRESH_HIT -> REFRESH;
      case MISS -> MISS;
      case REDIRECT -> REDIRECT;
      case ERROR, LIMIT_EXCEEDED, CAPACITY_EXCEEDED -> ERROR;
    };
  }
}
