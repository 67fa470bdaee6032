package dev.streamedge.edge.cluster;

import dev.streamedge.edge.cluster.SyncState.Action;
import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.Distribution;
import dev.streamedge.edge.config.EdgeConfig;
import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.shield.ShieldSelector;
import io.etcd.jetcd.Watch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster: keeps an edge (or shield) in step with etcd, registers it, reports what it
 * applied. The sync loop, on its own thread:
 *
 * <ol>
 *   <li>read the whole prefix at one revision R (paged at R), apply it through {@link SyncState}
 *       (the distribution is swapped in atomically by the edge: the request path never locks),
 *       persist it locally;
 *   <li>watch from R+1 and apply events in order; a progress request every {@code heartbeat} proves
 *       the watch is alive (gRPC keepalive would need 13 s or more to notice a dead connection);
 *   <li>on any watch error (compaction included), a revision going backwards, another cluster id,
 *       or silence, start again at 1 — never trusting a client-side resume.
 * </ol>
 *
 * A timer thread renews the membership lease — and, when etcd has forgotten it (an outage longer
 * than the TTL, a wiped etcd), grants a new one and registers again — and writes the node's status
 * under the same lease. Everything the admin API shows is published as an immutable {@link View}.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  /** A second purge waits at most this long for the shields (one may be stuck without being dead). */
  static final long MAX_SHIELD_WAIT_MILLIS = 10_000;

  /** What the node shows: published after every change, read by the admin API and the status writer. */
  public record View(boolean synced, long clusterId, long position, NodeStatus status, List<Member> members,
      Map<String, NodeStatus> statuses, List<Member> shields, String lastError) {}

  private record Message(long generation, long clusterId, long headerRevision, boolean progress,
      List<SyncState.Kv> events, Throwable error) {}

  private final EtcdSettings settings;
  private final ClusterKeys keys;
  private final ClusterTarget target;
  private final EdgeConfig localConfig;
  private final Clock clock;
  private final Etcd etcd;
  /** A second connection for the admin API, so that its failures never disturb the sync loop's watch. */
  private final Etcd adminEtcd;
  private final SyncState state;
  private final ShieldSelector selector = new ShieldSelector();
  private final ClusterInvalidations invalidations;
  private final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
  private final AtomicLong generation = new AtomicLong();
  private final ScheduledExecutorService timer;
  private final Thread syncThread;
  private final long startedMillis;
  private final AtomicBoolean statusQueued = new AtomicBoolean();
  private final AtomicBoolean persistQueued = new AtomicBoolean();

  private volatile boolean closed;
  private volatile Watch.Watcher watcher;
  private volatile long lastContactMillis = -1;
  private volatile View view;
  private volatile PersistedState toPersist;
  private volatile long leaseId;
  private volatile String lastError;
  private boolean leaseFailing;

  private ClusterNode(ClusterTarget target, EdgeConfig localConfig, EtcdSettings settings, Clock clock) {
    this.settings = settings;
    this.keys = settings.keys();
    this.target = target;
    this.localConfig = localConfig;
    this.clock = clock;
    this.startedMillis = clock.millis();
    this.etcd = new Etcd(settings.endpoints(), settings.requestTimeout());
    this.state = new SyncState(settings.nodeId(), settings.role(), keys, settings.allowEmptyDistribution(),
        text -> DistributionDocument.parse(text, settings.configDir()));
    this.adminEtcd = new Etcd(settings.endpoints(), settings.requestTimeout());
    this.invalidations = new ClusterInvalidations(adminEtcd, keys, clock);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cluster-timer-" + settings.nodeId());
      t.setDaemon(true);
      return t;
    });
    this.syncThread = new Thread(this::runSync, "cluster-sync-" + settings.nodeId());
    this.syncThread.setDaemon(true);
  }

  /**
   * The configuration a node should start with: its file's, with the distribution it last applied
   * from etcd when its state file has one (so it serves that before etcd answers, or without etcd).
   */
  public static EdgeConfig bootConfig(EdgeConfig fileConfig, EtcdSettings settings) {
    Objects.requireNonNull(fileConfig, "fileConfig");
    Optional<PersistedState> p = readState(settings);
    if (p.isEmpty() || p.get().distributionText() == null) {
      return fileConfig;
    }
    try {
      Distribution d = DistributionDocument.parse(p.get().distributionText(), settings.configDir());
      log.info("starting with the distribution of revision {} from {} (last applied from etcd)",
          p.get().distributionRevision(), settings.stateFile());
      return new EdgeConfig(fileConfig.edge(), d);
    } catch (ConfigException e) {
      log.warn("the distribution saved in {} is no longer valid here ({}); starting with the file's",
          settings.stateFile(), e.getMessage());
      return fileConfig;
    }
  }

  private static Optional<PersistedState> readState(EtcdSettings settings) {
    try {
      Optional<PersistedState> p = PersistedState.read(settings.stateFile());
      if (p.isPresent() && !p.get().cluster().equals(settings.cluster())) {
        log.warn("{} belongs to cluster '{}', not '{}': ignored", settings.stateFile(), p.get().cluster(), settings.cluster());
        return Optional.empty();
      }
      return p;
    } catch (RuntimeException e) {
      log.warn("cannot use the cluster state file {}: {}", settings.stateFile(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Makes a running edge (or shield) a cluster node: its distribution and invalidations come from
   * etcd from now on, it registers, and (an edge) routes fills through the live shields.
   *
   * @param fileConfig the node's own config file (served again only when etcd's distribution is
   *     deleted and {@code allowEmptyDistribution} is set); start the edge with
   *     {@link #bootConfig} of it
   */
  public static ClusterNode start(dev.streamedge.edge.Edge edge, EdgeConfig fileConfig, EtcdSettings settings) {
    return start(new EdgeClusterTarget(edge), fileConfig, settings, Clock.systemUTC());
  }

  /**
   * Starts keeping {@code target} in step with etcd.
   *
   * @param localConfig the node's own file (served again if etcd's distribution is deleted and
   *     {@code allowEmptyDistribution} is set)
   */
  public static ClusterNode start(ClusterTarget target, EdgeConfig localConfig, EtcdSettings settings, Clock clock) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(localConfig, "localConfig");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    ClusterNode n = new ClusterNode(target, localConfig, settings, clock);
    n.boot();
    return n;
  }

  private void boot() {
    Optional<PersistedState> p = readState(settings);
    if (p.isPresent()) {
      state.restore(p.get());
      if (p.get().distributionText() != null) {
        try {
          Distribution d = DistributionDocument.parse(p.get().distributionText(), settings.configDir());
          if (!d.equals(target.config().distribution())) {
            target.apply(new EdgeConfig(target.config().edge(), d));
          }
        } catch (RuntimeException e) {
          log.warn("the distribution saved in {} cannot be applied ({}); serving the file's", settings.stateFile(),
              e.getMessage());
        }
      }
    }
    if (settings.role() == NodeRole.EDGE) {
      selector.update(origins(state.shields()));
      target.shields(selector);
    }
    publish(false);
    long beat = settings.heartbeat().toMillis();
    timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long renew = Math.max(500, settings.leaseTtl().toMillis() / 3);
    timer.scheduleWithFixedDelay(this::membership, 0, renew, TimeUnit.MILLISECONDS);
    syncThread.start();
    log.info("node '{}' ({}) joining cluster '{}' through etcd {}", settings.nodeId(), settings.role().label(),
        settings.cluster(), settings.endpoints());
  }

  // ---- sync loop (sync thread) ----

  private void runSync() {
    long backoff = 100;
    boolean failing = false;
    while (!closed) {
      try {
        syncOnce();
        backoff = 100;
        failing = false;
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        lastError = e.getMessage();
        if (!failing) {
          log.warn("etcd: {}; serving {} and retrying", e.getMessage(), state.distributionRevision() == 0
              ? "the local file's distribution" : "the distribution of revision " + state.distributionRevision());
        } else {
          log.debug("etcd still unavailable: {}", e.getMessage());
        }
        failing = true;
        publish(view != null && view.synced());
        if (!pause(backoff)) {
          break;
        }
        backoff = Math.min(backoff * 2, 1000);
        etcd.reconnect(); // a fresh channel: no gRPC reconnect back-off once etcd is back
      }
    }
  }

  private boolean pause(long millis) {
    try {
      Thread.sleep(millis); // a retry back-off on the sync thread, not a test wait
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void syncOnce() {
    SyncState.Snapshot s = etcd.readPrefix(keys.prefix());
    touch();
    long gen = generation.incrementAndGet();
    if (execute(state.snapshot(s, clock.millis()))) {
      return;
    }
    lastError = null;
    persistNow();
    publish(true);
    state.takeStatusDirty();
    queueStatus();
    log.info("synced with etcd at revision {} (cluster id {}): distribution revision {}, {} member(s)", s.revision(),
        Long.toUnsignedString(s.clusterId()), state.distributionRevision(), state.members().size());
    Watch.Watcher w = etcd.watch(keys.prefix(), s.revision() + 1, new Etcd.WatchSink() {
      @Override
      public void response(long clusterId, long headerRevision, boolean progress, List<SyncState.Kv> events) {
        queue.add(new Message(gen, clusterId, headerRevision, progress, events, null));
      }

      @Override
      public void error(Throwable t) {
        queue.add(new Message(gen, 0, 0, false, List.of(), t));
      }
    });
    watcher = w;
    try {
      watchLoop(gen);
    } finally {
      watcher = null;
      w.close();
    }
  }

  private void watchLoop(long gen) {
    long silenceLimit = Math.max(settings.staleAfter().toMillis() * 2, settings.heartbeat().toMillis() * 3);
    while (!closed) {
      Message m;
      try {
        m = queue.poll(settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (m == null) {
        if (clock.millis() - lastContactMillis > silenceLimit) {
          log.warn("no word from etcd on the watch for {} ms: resyncing", clock.millis() - lastContactMillis);
          return;
        }
      } else if (m.generation() == gen) {
        if (m.error() != null) {
          log.info("watch ended ({}): resyncing from a snapshot", m.error().toString());
          return;
        }
        touch();
        List<Action> actions = m.progress()
            ? state.progress(m.clusterId(), m.headerRevision())
            : state.events(m.clusterId(), m.headerRevision(), m.events(), clock.millis());
        if (execute(actions)) {
          return;
        }
      }
      if (execute(state.expirePending(clock.millis(), MAX_SHIELD_WAIT_MILLIS))) {
        return;
      }
      publish(true);
      if (state.takeStatusDirty()) {
        queueStatus();
        queuePersist();
      }
    }
  }

  /** Carries out actions in order; true when a resync is needed. */
  private boolean execute(List<Action> actions) {
    for (Action a : actions) {
      if (a instanceof Action.ApplyDistribution d) {
        applyDistribution(d);
      } else if (a instanceof Action.RevertToLocal r) {
        log.warn("{}", r.reason());
        applyQuietly(new EdgeConfig(target.config().edge(), localConfig.distribution()), "the local file's distribution");
        persistNow();
      } else if (a instanceof Action.Refused r) {
        log.warn("{}", r.reason());
      } else if (a instanceof Action.Purge p) {
        purge(p);
      } else if (a instanceof Action.ShieldsChanged c) {
        selector.update(origins(c.shields()));
        log.info("shields now: {}", c.shields().stream().map(Member::node).toList());
      } else if (a instanceof Action.Note n) {
        log.warn("{}", n.message());
      } else if (a instanceof Action.Resync r) {
        log.warn("{}: resyncing from a snapshot", r.reason());
        return true;
      }
    }
    return false;
  }

  private void applyDistribution(Action.ApplyDistribution d) {
    try {
      target.apply(new EdgeConfig(target.config().edge(), d.distribution()));
      log.info("applied the distribution of revision {}", d.revision());
      persistNow();
    } catch (RuntimeException e) {
      log.warn("the edge refused the distribution of revision {}: {}", d.revision(), e.getMessage());
      state.applyFailed(d, e.getMessage());
    }
  }

  private void applyQuietly(EdgeConfig config, String what) {
    try {
      target.apply(config);
    } catch (RuntimeException e) {
      log.warn("the edge refused {}: {}", what, e.getMessage());
    }
  }

  private void purge(Action.Purge p) {
    long removed = 0;
    try {
      for (String prefix : p.invalidation().keyPrefixes()) {
        removed += target.purge(prefix);
      }
    } catch (RuntimeException e) {
      log.warn("invalidation {} failed here: {}", p.invalidation().id(), e.toString());
      return;
    }
    log.debug("invalidation {} (revision {}{}): {} object(s) removed", p.invalidation().id(), p.revision(),
        p.second() ? ", after the shields" : "", removed);
  }

  private void touch() {
    lastContactMillis = clock.millis();
  }

  private List<Origin> origins(List<Member> shields) {
    List<Origin> out = new ArrayList<>();
    for (Member m : shields) {
      out.add(ShieldSelector.shieldOrigin(m.node(), m.url(), settings.shieldTimeouts()));
    }
    return out;
  }

  private void publish(boolean synced) {
    view = new View(synced, state.clusterId(), state.position(), state.status(Instant.ofEpochMilli(clock.millis()).toString()),
        List.copyOf(state.members().values()), Map.copyOf(state.statuses()), state.shields(), lastError);
  }

  // ---- persistence ----

  private void persistNow() {
    toPersist = state.persisted();
    writeState();
  }

  private void queuePersist() {
    toPersist = state.persisted();
    if (persistQueued.compareAndSet(false, true)) {
      timer.schedule(() -> {
        persistQueued.set(false);
        writeState();
      }, 200, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void writeState() {
    PersistedState p = toPersist;
    if (p == null) {
      return;
    }
    try {
      p.write(settings.stateFile());
    } catch (RuntimeException e) {
      log.warn("cannot persist the cluster state: {}", e.getMessage());
    }
  }

  // ---- membership and status (timer thread) ----

  private void heartbeat() {
    Watch.Watcher w = watcher;
    if (w != null) {
      try {
        w.requestProgress();
      } catch (RuntimeException e) {
        log.debug("progress request failed: {}", e.toString());
      }
    }
  }

  private void membership() {
    if (closed) {
      return;
    }
    try {
      long lease = leaseId;
      if (lease != 0) {
        if (etcd.keepAlive(lease)) {
          leaseFailing = false;
          return;
        }
        log.warn("membership lease expired (etcd outage longer than {} s, or a wiped etcd): registering again",
            settings.leaseTtl().toSeconds());
        leaseId = 0;
      }
      long granted = etcd.grant(settings.leaseTtl().toSeconds());
      Member me = new Member(settings.nodeId(), settings.role(), settings.advertiseUrl(), settings.adminUrl());
      etcd.put(keys.member(settings.nodeId()), me.toJson(), granted);
      leaseId = granted;
      leaseFailing = false;
      writeStatus();
      log.info("registered as {} '{}' at {}", settings.role().label(), settings.nodeId(), settings.advertiseUrl());
    } catch (RuntimeException e) {
      if (!leaseFailing) {
        log.warn("membership: {}", e.getMessage());
      }
      leaseFailing = true;
    }
  }

  private void queueStatus() {
    if (statusQueued.compareAndSet(false, true)) {
      try {
        timer.execute(() -> {
          statusQueued.set(false);
          writeStatus();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        statusQueued.set(false); // closing
      }
    }
  }

  private void writeStatus() {
    long lease = leaseId;
    View v = view;
    if (lease == 0 || v == null || closed) {
      return;
    }
    try {
      etcd.put(keys.status(settings.nodeId()), v.status().toJson(), lease);
    } catch (RuntimeException e) {
      log.debug("status not written: {}", e.getMessage());
    }
  }

  // ---- what the node shows ----

  /** Seconds since etcd last confirmed this node is up to date (since start if it never did). */
  public double stalenessSeconds() {
    long last = lastContactMillis;
    return (clock.millis() - (last < 0 ? startedMillis : last)) / 1000.0;
  }

  /** True when etcd has been silent for longer than {@code staleAfter}. */
  public boolean stale() {
    return stalenessSeconds() * 1000 > settings.staleAfter().toMillis();
  }

  /** One line for {@code /readyz}: empty when all is well, else what is stale and why. */
  public String readinessNote() {
    View v = view;
    StringBuilder b = new StringBuilder();
    if (stale()) {
      b.append(String.format(java.util.Locale.ROOT,
          "config stale: no word from etcd for %.1f s; serving the distribution of revision %d%s",
          stalenessSeconds(), v.status().distributionRevision(), lastError == null ? "" : " (" + lastError + ")"));
    }
    if (v.status().configError() != null) {
      b.append(b.length() == 0 ? "" : "; ").append(v.status().configError());
    }
    return b.toString();
  }

  public View view() {
    return view;
  }

  public EtcdSettings settings() {
    return settings;
  }

  /** The invalidation API through etcd. */
  public ClusterInvalidations invalidations() {
    return invalidations;
  }

  /** The shields this node routes fills to (empty on a shield). */
  public ShieldSelector shieldSelector() {
    return selector;
  }

  /** Registers {@code streamedge_config_staleness_seconds} (and the applied revision) on {@code registry}. */
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("streamedge.config.staleness", this, ClusterNode::stalenessSeconds).baseUnit("seconds")
        .description("Seconds since etcd last confirmed this node's config is current").register(registry);
    Gauge.builder("streamedge.config.applied.revision", this, n -> n.view().status().appliedRevision())
        .description("The etcd revision this node has applied everything up to").register(registry);
  }

  /** Leaves the cluster (revokes the lease: the node disappears at once) and stops. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    syncThread.interrupt();
    try {
      syncThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      timer.submit(() -> {
        long lease = leaseId;
        if (lease != 0) {
          try {
            etcd.revoke(lease);
          } catch (RuntimeException e) {
            log.debug("lease not revoked: {}", e.getMessage());
          }
        }
        writeState();
      }).get(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.debug("leaving the cluster: {}", e.toString());
    }
    timer.shutdownNow();
    etcd.close();
    adminEtcd.close();
  }
}
