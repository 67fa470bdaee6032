package dev.streamedge.edge.failover;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.config.OriginGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the edge knows of each origin's health, for choosing the order of a group's members.
 *
 * <p>Passive outlier detection (the circuit-breaker pattern): after {@code failureThreshold}
 * consecutive failures a member is skipped for a cool-down; then one request may probe it
 * (half-open) — a success restores it, a failure starts another, longer cool-down (doubling up
 * to {@code maxCoolDown}). An active health check, when configured, reports the same way. A
 * member is never skipped if every member is down: the group is then tried in its configured
 * order, since an origin that might answer beats a certain error.
 *
 * <p>Thread-safe; time comes from a nanosecond source passed in.
 */
public final class OriginHealth {
  private static final Logger log = LoggerFactory.getLogger(OriginHealth.class);

  /** One origin's counters, for stats and metrics. */
  public record Snapshot(String origin, String state, long requests, long failures, long failovers,
      int consecutiveFailures) {}

  private final int failureThreshold;
  private final long coolDownNanos;
  private final long maxCoolDownNanos;
  private final LongSupplier nanoTime;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  private static final class State {
    final LongAdder requests = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder failovers = new LongAdder();
    int consecutive;
    long downUntil;
    long currentCoolDown;
    boolean probing;
  }

  public OriginHealth(int failureThreshold, long coolDownNanos, long maxCoolDownNanos, LongSupplier nanoTime) {
    this.failureThreshold = failureThreshold;
    this.coolDownNanos = coolDownNanos;
    this.maxCoolDownNanos = maxCoolDownNanos;
    this.nanoTime = nanoTime;
  }

  /** Defaults: 3 failures in a row → skipped for 5 s, then probed; cool-downs double up to 60 s. */
  public static OriginHealth defaults() {
    return new OriginHealth(3, 5_000_000_000L, 60_000_000_000L, System::nanoTime);
  }

  private State state(String origin) {
    return states.computeIfAbsent(origin, k -> new State());
  }

  /**
   * The members to try, in order: available ones as configured, then — only as a last resort —
   * the ones in cool-down. A member whose cool-down has ended is offered to exactly one request
   * at a time (half-open).
   */
  public List<Origin> order(OriginGroup group) {
    if (!group.failsOver()) {
      return group.members();
    }
    long now = nanoTime.getAsLong();
    List<Origin> up = new ArrayList<>(group.members().size());
    List<Origin> down = new ArrayList<>(2);
    for (Origin o : group.members()) {
      State s = state(o.id());
      synchronized (s) {
        if (s.downUntil == 0) {
          up.add(o);
        } else if (now - s.downUntil >= 0 && !s.probing) {
          s.probing = true; // half-open: this request probes it
          up.add(o);
        } else {
          down.add(o);
        }
      }
    }
    up.addAll(down);
    return up;
  }

  /** A request is going to {@code origin}. */
  public void attempt(Origin origin) {
    state(origin.id()).requests.increment();
  }

  /** {@code origin} answered usably. */
  public void success(Origin origin) {
    State s = state(origin.id());
    synchronized (s) {
      if (s.downUntil != 0) {
        log.info("origin '{}' is healthy again", origin.id());
      }
      s.consecutive = 0;
      s.downUntil = 0;
      s.currentCoolDown = 0;
      s.probing = false;
    }
  }

  /** {@code origin} failed a request (or a health check). */
  public void failure(Origin origin, String why) {
    State s = state(origin.id());
    s.failures.increment();
    synchronized (s) {
      s.consecutive++;
      boolean wasProbe = s.probing;
      s.probing = false;
      if (s.consecutive >= failureThreshold || wasProbe) {
        s.currentCoolDown = s.currentCoolDown == 0 ? coolDownNanos : Math.min(maxCoolDownNanos, s.currentCoolDown * 2);
        s.downUntil = nanoTime.getAsLong() + s.currentCoolDown;
        if (s.downUntil == 0) {
          s.downUntil = 1;
        }
        log.warn("origin '{}' marked down for {} ms after {} failure(s): {}", origin.id(),
            s.currentCoolDown / 1_000_000, s.consecutive, why);
      }
    }
  }

  /** The edge moved on from {@code origin} to another member. */
  public void failedOver(Origin origin) {
    state(origin.id()).failovers.increment();
  }

  public boolean isDown(Origin origin) {
    State s = state(origin.id());
    synchronized (s) {
      return s.downUntil != 0 && nanoTime.getAsLong() - s.downUntil < 0;
    }
  }

  public List<Snapshot> snapshot() {
    List<Snapshot> out = new ArrayList<>();
    long now = nanoTime.getAsLong();
    states.forEach((id, s) -> {
      synchronized (s) {
        String state = s.downUntil == 0 ? "up" : now - s.downUntil < 0 ? "down" : "probing";
        out.add(new Snapshot(id, state, s.requests.sum(), s.failures.sum(), s.failovers.sum(), s.consecutive));
      }
    });
    out.sort((a, b) -> a.origin().compareTo(b.origin()));
    return out;
  }
}
