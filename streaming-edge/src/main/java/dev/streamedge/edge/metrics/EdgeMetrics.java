package dev.streamedge.edge.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamedge.edge.accesslog.AccessLogWriter;
import dev.streamedge.edge.auth.DenialReason;
import dev.streamedge.store.StoreStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's metrics on a Micrometer {@link PrometheusMeterRegistry}: viewer requests and bytes,
 * origins, the store, request collapsing, connections, signed-access denials and the access log.
 *
 * <p>Built once at startup ({@link #builder()}). The request path never looks a meter up: it keeps
 * the {@link BehaviorMeters} and {@link OriginMeters} handles and calls them; the few global
 * counters here ({@link #denied}, {@link #collapsed}) index arrays of {@link LongAdder}s. Values
 * read from other components (store stats, open connections, access log counters) are pulled when
 * {@link #scrape()} or {@link #stats()} runs, on the admin thread; the store's snapshot is taken
 * once per scrape, not once per gauge.
 */
public final class EdgeMetrics implements AutoCloseable {
  /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(EdgeMetrics.class);
  private static final StoreStats NO_STORE = new StoreStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  private static final DenialReason[] REASONS = DenialReason.values();

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final Instant startedAt;
  private final String edgeName;
  private final Map<String, BehaviorMeters> behaviors = new LinkedHashMap<>();
  private final Map<String, OriginMeters> origins = new LinkedHashMap<>();
  private final LongAdder[] denials = new LongAdder[REASONS.length];
  private final LongAdder collapsed = new LongAdder();
  private final LongAdder sendfileBytes = new LongAdder();
  private final Supplier<StoreStats> store;
  private final IntSupplier openConnections;
  private final AccessLogWriter accessLog;
  private final JvmGcMetrics gcMetrics;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private volatile StoreStats storeSnapshot = NO_STORE;
  private volatile MemoryTier memoryTier;

  /** What the memory tier in front of the store reports (all non-blocking). */
  public record MemoryTier(LongSupplier bytes, long maxBytes, LongSupplier objects, LongSupplier hits,
      LongSupplier copyBytes) {}

  private EdgeMetrics(Builder b) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.clock = b.clock;
    this.startedAt = b.clock.instant();
    this.edgeName = b.edgeName;
    this.store = b.store;
    this.openConnections = b.openConnections;
    this.accessLog = b.accessLog;
    for (String label : b.behaviors) {
      behavior(label);
    }
    for (String id : b.origins) {
      origin(id);
    }
    for (DenialReason r : REASONS) {
      LongAdder a = new LongAdder();
      denials[r.ordinal()] = a;
      FunctionCounter.builder("streamedge.signed.access.denials", a, LongAdder::sum)
          .description("Requests refused with 403 by signed URL / signed cookie checks, by reason")
          .tag("reason", reasonLabel(r)).register(registry);
    }
    FunctionCounter.builder("streamedge.collapsed.requests", collapsed, LongAdder::sum)
        .description("Requests served from another request's origin fetch instead of their own")
        .register(registry);
    FunctionCounter.builder("streamedge.sendfile.bytes", sendfileBytes, LongAdder::sum)
        .description("Stored body bytes handed to sendfile (file regions) rather than written from buffers")
        .register(registry);
    if (store != null) {
      registerStore();
    }
    if (openConnections != null) {
      Gauge.builder("streamedge.open.connections", this, m -> m.openConnections.getAsInt())
          .description("Viewer connections open now").strongReference(true).register(registry);
    }
    if (accessLog != null) {
      FunctionCounter.builder("streamedge.access.log.dropped", this, m -> m.accessLog.dropped())
          .description("Access log records dropped (queue full, write errors, left at shutdown)").register(registry);
      FunctionCounter.builder("streamedge.access.log.written", this, m -> m.accessLog.written())
          .description("Access log lines written").register(registry);
      Gauge.builder("streamedge.access.log.queued", this, m -> m.accessLog.queued())
          .description("Access log records waiting for the writer thread").strongReference(true).register(registry);
    }
    if (b.jvmMetrics) {
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      new FileDescriptorMetrics().bindTo(registry);
      gcMetrics = new JvmGcMetrics();
      gcMetrics.bindTo(registry);
    } else {
      gcMetrics = null;
    }
  }

  private void registerStore() {
    Gauge.builder("streamedge.store.bytes", this, m -> m.storeSnapshot.bytes()).baseUnit("bytes")
        .description("Bytes counted against the store budget").strongReference(true).register(registry);
    Gauge.builder("streamedge.store.max", this, m -> m.storeSnapshot.maxBytes()).baseUnit("bytes")
        .description("The store's byte budget").strongReference(true).register(registry);
    Gauge.builder("streamedge.store.objects", this, m -> m.storeSnapshot.objects())
        .description("Committed objects in the store").strongReference(true).register(registry);
    Gauge.builder("streamedge.store.hit.ratio", this, m -> ratio(m.storeSnapshot.hits(), m.storeSnapshot.misses()))
        .description("Store lookups that found an object, over all lookups since start").strongReference(true)
        .register(registry);
    Gauge.builder("streamedge.store.active.writers", this, m -> m.storeSnapshot.activeWriters())
        .description("Store fills in progress").strongReference(true).register(registry);
    Gauge.builder("streamedge.store.open.readers", this, m -> m.storeSnapshot.openReaders())
        .description("Store readers open").strongReference(true).register(registry);
    FunctionCounter.builder("streamedge.store.lookups", this, m -> m.storeSnapshot.hits())
        .description("Store lookups by result").tag("result", "hit").register(registry);
    FunctionCounter.builder("streamedge.store.lookups", this, m -> m.storeSnapshot.misses())
        .description("Store lookups by result").tag("result", "miss").register(registry);
    FunctionCounter.builder("streamedge.store.evictions", this, m -> m.storeSnapshot.evictions())
        .description("Objects evicted to stay within the byte budget").register(registry);
    FunctionCounter.builder("streamedge.store.purges", this, m -> m.storeSnapshot.purges())
        .description("Objects removed by invalidations").register(registry);
    FunctionCounter.builder("streamedge.store.corruptions", this, m -> m.storeSnapshot.corruptions())
        .description("Chunks that failed their checksum or went missing").register(registry);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The handle for one behavior; made at startup for every configured behavior (call this then and
   * keep the result next to the route). Unknown labels get a new handle, which takes a lock: do not
   * rely on that on the request path.
   */
  public synchronized BehaviorMeters behavior(String label) {
    Objects.requireNonNull(label, "label");
    return behaviors.computeIfAbsent(label, l -> new BehaviorMeters(l, registry));
  }

  /** The handle for one origin (same rules as {@link #behavior}). */
  public synchronized OriginMeters origin(String id) {
    Objects.requireNonNull(id, "id");
    return origins.computeIfAbsent(id, o -> new OriginMeters(o, registry));
  }

  /** A request was refused by the signed-access check. */
  public void denied(DenialReason reason) {
    denials[reason.ordinal()].increment();
  }

  /** Registers the memory tier's meters (once, when the cache is built). */
  public void memoryTier(MemoryTier tier) {
    this.memoryTier = tier;
    Gauge.builder("streamedge.memory.bytes", tier, t -> t.bytes().getAsLong()).baseUnit("bytes")
        .description("Bytes held by the memory tier").strongReference(true).register(registry);
    Gauge.builder("streamedge.memory.max", tier, t -> t.maxBytes()).baseUnit("bytes")
        .description("The memory tier's byte budget").strongReference(true).register(registry);
    Gauge.builder("streamedge.memory.objects", tier, t -> t.objects().getAsLong())
        .description("Objects held by the memory tier").strongReference(true).register(registry);
    Gauge.builder("streamedge.memory.copy.bytes", tier, t -> t.copyBytes().getAsLong()).baseUnit("bytes")
        .description("Bytes of memory copies alive: kept by the tier, evicted but still being sent, or being"
            + " filled from the origin").strongReference(true).register(registry);
    FunctionCounter.builder("streamedge.memory.hits", tier, t -> t.hits().getAsLong())
        .description("Hits answered from the memory tier without a store read").register(registry);
  }

  /** A request was served from another request's fill (it joined a collapsed fetch). */
  public void collapsed() {
    collapsed.increment();
  }

  /** {@code bytes} of a stored body were handed to the kernel as a file region (sendfile). */
  public void sentFromFile(long bytes) {
    sendfileBytes.add(bytes);
  }

  /** Stored body bytes handed to sendfile so far. */
  public long sendfileBytes() {
    return sendfileBytes.sum();
  }

  /** The registry, to add meters of other components. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The body of {@code GET /metrics}: Prometheus text exposition (see {@link #CONTENT_TYPE}). */
  public String scrape() {
    refreshStore();
    return registry.scrape();
  }

  /** The body of {@code GET /stats}: a JSON summary for humans (pretty-printed). */
  public String statsJson() {
    try {
      return json.writeValueAsString(stats());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code /stats} content as a tree. */
  public ObjectNode stats() {
    refreshStore();
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    Instant now = clock.instant();
    root.put("edge", edgeName);
    root.put("startedAt", startedAt.toString());
    root.put("uptimeSeconds", Math.max(0, Duration.between(startedAt, now).getSeconds()));

    long[] byResult = new long[BehaviorMeters.RESULTS.length];
    long[] byStatus = new long[BehaviorMeters.STATUS_CLASSES.length];
    Map<String, Long> byProtocol = new LinkedHashMap<>();
    long bytes = 0;
    long aborts = 0;
    List<ObjectNode> behaviorNodes = new ArrayList<>();
    List<BehaviorMeters> bs;
    List<OriginMeters> os;
    synchronized (this) {
      bs = new ArrayList<>(behaviors.values());
      os = new ArrayList<>(origins.values());
    }
    for (BehaviorMeters b : bs) {
      long[] r = new long[BehaviorMeters.RESULTS.length];
      long[] bBytes = {0};
      b.forEachCell(c -> {
        long n = c.requests.sum();
        r[c.result] += n;
        byStatus[c.statusClass] += n;
        byProtocol.merge(c.protocol.label(), n, Long::sum);
        bBytes[0] += c.bytes.sum();
      });
      for (int i = 0; i < r.length; i++) {
        byResult[i] += r[i];
      }
      bytes += bBytes[0];
      aborts += b.viewerAborts();
      ObjectNode n = f.objectNode();
      n.put("behavior", b.label());
      n.put("requests", sum(r));
      n.put("bytes", bBytes[0]);
      putRatio(n, "hitRatio", r);
      n.set("byResult", counts(BehaviorMeters.RESULTS, r));
      n.put("viewerAborts", b.viewerAborts());
      behaviorNodes.add(n);
    }
    ObjectNode requests = root.putObject("requests");
    requests.put("total", sum(byResult));
    putRatio(requests, "hitRatio", byResult);
    requests.set("byResult", counts(BehaviorMeters.RESULTS, byResult));
    requests.set("byStatusClass", counts(BehaviorMeters.STATUS_CLASSES, byStatus));
    ObjectNode protocols = requests.putObject("byProtocol");
    byProtocol.forEach(protocols::put);
    requests.put("viewerAborts", aborts);
    root.put("bytesSent", bytes);
    root.putArray("behaviors").addAll(behaviorNodes);

    var originArray = root.putArray("origins");
    for (OriginMeters o : os) {
      ObjectNode n = originArray.addObject();
      n.put("origin", o.id());
      n.put("requests", o.requests());
      long errorsTotal = 0;
      ObjectNode errs = f.objectNode();
      for (OriginErrorKind k : OriginErrorKind.values()) {
        long e = o.errors(k);
        errorsTotal += e;
        if (e > 0) {
          errs.put(k.label(), e);
        }
      }
      n.put("errors", errorsTotal);
      n.set("errorsByKind", errs);
      n.put("failovers", o.failovers());
      n.set("firstByteMs", latency(o.firstByteTimer()));
      n.set("lastByteMs", latency(o.lastByteTimer()));
    }

    MemoryTier tier = memoryTier;
    if (tier != null) {
      ObjectNode mt = root.putObject("memory");
      mt.put("objects", tier.objects().getAsLong());
      mt.put("bytes", tier.bytes().getAsLong());
      mt.put("maxBytes", tier.maxBytes());
      mt.put("hits", tier.hits().getAsLong());
    }
    if (store != null) {
      StoreStats s = storeSnapshot;
      ObjectNode st = root.putObject("store");
      st.put("objects", s.objects());
      st.put("bytes", s.bytes());
      st.put("maxBytes", s.maxBytes());
      if (s.maxBytes() > 0) {
        st.put("usedRatio", round((double) s.bytes() / s.maxBytes()));
      } else {
        st.putNull("usedRatio");
      }
      st.put("hits", s.hits());
      st.put("misses", s.misses());
      if (s.hits() + s.misses() > 0) {
        st.put("hitRatio", round(ratio(s.hits(), s.misses())));
      } else {
        st.putNull("hitRatio");
      }
      st.put("evictions", s.evictions());
      st.put("purges", s.purges());
      st.put("corruptions", s.corruptions());
      st.put("activeWriters", s.activeWriters());
      st.put("openReaders", s.openReaders());
    }
    root.put("collapsedRequests", collapsed.sum());
    if (openConnections != null) {
      root.put("openConnections", openConnections.getAsInt());
    }
    ObjectNode den = root.putObject("signedAccessDenials");
    for (DenialReason r : REASONS) {
      den.put(reasonLabel(r), denials[r.ordinal()].sum());
    }
    if (accessLog != null) {
      ObjectNode al = root.putObject("accessLog");
      al.put("written", accessLog.written());
      al.put("dropped", accessLog.dropped());
      al.put("queued", accessLog.queued());
    }
    return root;
  }

  @Override
  public void close() {
    if (gcMetrics != null) {
      gcMetrics.close();
    }
    registry.close();
  }

  private void refreshStore() {
    if (store == null) {
      return;
    }
    try {
      StoreStats s = store.get();
      if (s != null) {
        storeSnapshot = s;
      }
    } catch (RuntimeException e) {
      log.warn("store stats unavailable: {}", e.toString());
    }
  }

  static String reasonLabel(DenialReason r) {
    return r.name().toLowerCase(Locale.ROOT);
  }

  private static double ratio(long hits, long misses) {
    long all = hits + misses;
    return all == 0 ? Double.NaN : (double) hits / all;
  }

  /** Hit ratio = (hit + refresh) / (hit + refresh + miss): errors and redirects are not lookups. */
  private static void putRatio(ObjectNode n, String field, long[] byResult) {
    long served = byResult[BehaviorMeters.HIT] + byResult[BehaviorMeters.REFRESH];
    long all = served + byResult[BehaviorMeters.MISS];
    if (all == 0) {
      n.putNull(field);
    } else {
      n.put(field, round((double) served / all));
    }
  }

  private static ObjectNode counts(String[] names, long[] values) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < names.length; i++) {
      n.put(names[i], values[i]);
    }
    return n;
  }

  private static ObjectNode latency(Timer t) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    long count = t.count();
    n.put("count", count);
    n.put("mean", count == 0 ? 0 : round(t.mean(TimeUnit.MILLISECONDS)));
    n.put("max", round(t.max(TimeUnit.MILLISECONDS)));
    return n;
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  /** What the metrics know about the node, set at startup. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String edgeName = "edge";
    private List<String> behaviors = List.of();
    private List<String> origins = List.of();
    private Supplier<StoreStats> store;
    private IntSupplier openConnections;
    private AccessLogWriter accessLog;
    private boolean jvmMetrics = true;

    private Builder() {}

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** {@code edge.name}, shown in {@code /stats}. */
    public Builder edgeName(String name) {
      this.edgeName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Behavior labels ({@code CacheBehavior.label()}: the path pattern, or "default"). */
    public Builder behaviors(List<String> labels) {
      this.behaviors = List.copyOf(labels);
      return this;
    }

    /** Origin ids (members of origin groups, not the groups). */
    public Builder origins(List<String> ids) {
      this.origins = List.copyOf(ids);
      return this;
    }

    /** The store's stats snapshot, read once per scrape. */
    public Builder store(Supplier<StoreStats> stats) {
      this.store = Objects.requireNonNull(stats, "stats");
      return this;
    }

    public Builder openConnections(IntSupplier count) {
      this.openConnections = Objects.requireNonNull(count, "count");
      return this;
    }

    public Builder accessLog(AccessLogWriter writer) {
      this.accessLog = Objects.requireNonNull(writer, "writer");
      return this;
    }

    /** JVM and process metrics (memory, GC, threads, CPU, uptime, file descriptors); on by default. */
    public Builder jvmMetrics(boolean on) {
      this.jvmMetrics = on;
      return this;
    }

    public EdgeMetrics build() {
      return new EdgeMetrics(this);
    }
  }
}
