package dev.streamedge.edge.shield;

import dev.streamedge.edge.config.Origin;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The edge's {@link ShieldRouting}: rendezvous hashing ({@link Rendezvous}) of the cache key (and
 * slice index) over the live shields. The shield list is swapped in whole ({@link #update}) when
 * membership changes; the request path reads one volatile reference and never locks.
 *
 * <p>Shields are {@link Origin}s whose id is the shield's node id, so the edge's passive outlier
 * detection counts failures per shield, and a shield that comes back under the same id gets its
 * keys back.
 */
public final class ShieldSelector implements ShieldRouting {
  /** Timeouts for reaching a shield: a dead one is skipped fast, a slow origin behind it is waited for. */
  public record Timeouts(Duration connectTimeout, Duration readTimeout, Duration keepaliveTimeout) {
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5));

    public Timeouts {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
      Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
    }
  }

  private volatile Rendezvous<Origin> ring = Rendezvous.of(List.of(), Origin::id);

  /** A selector over a fixed list (the no-etcd setup). */
  public static ShieldSelector of(List<Origin> shields) {
    ShieldSelector s = new ShieldSelector();
    s.update(shields);
    return s;
  }

  /** A shield as an origin the edge can fetch from: {@code id} is its node id, {@code url} its viewer listener. */
  public static Origin shieldOrigin(String id, URI url, Timeouts timeouts) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeouts, "timeouts");
    return new Origin(id, url, timeouts.connectTimeout(), 1, timeouts.readTimeout(), timeouts.keepaliveTimeout(),
        0, null, null);
  }

  /** Replaces the live shields; requests already routed keep the list they got. */
  public void update(List<Origin> shields) {
    ring = Rendezvous.of(shields, Origin::id);
  }

  /** The live shields, in the order they were given. */
  public List<Origin> shields() {
    return ring.nodes();
  }

  @Override
  public List<Origin> shieldsFor(String cacheKey, long sliceIndex) {
    Rendezvous<Origin> r = ring;
    return r.isEmpty() ? List.of() : r.ranked(cacheKey, sliceIndex);
  }
}
