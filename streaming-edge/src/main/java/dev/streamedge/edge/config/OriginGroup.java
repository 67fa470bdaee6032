package dev.streamedge.edge.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An origin group ({@code distribution.originGroups[]}): members tried in order, failing over
 * on the configured status codes, refused or timed-out connections and responses that do not
 * start in time (GET, HEAD and OPTIONS only, as on CloudFront). A behavior whose
 * {@code targetOriginId} names a single origin gets a group of one.
 *
 * @param failoverStatusCodes statuses from a member that make the edge try the next one
 */
public record OriginGroup(String id, List<Origin> members, Set<Integer> failoverStatusCodes) {
  /** CloudFront's allowed failover status codes. */
  public static final Set<Integer> ALLOWED_STATUS_CODES = Set.of(400, 403, 404, 416, 500, 502, 503, 504);

  public OriginGroup {
    Objects.requireNonNull(id, "id");
    members = List.copyOf(members);
    failoverStatusCodes = Set.copyOf(failoverStatusCodes);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an origin group needs members");
    }
  }

  /** A single origin as a group of one (no failover). */
  public static OriginGroup of(Origin origin) {
    return new OriginGroup(origin.id(), List.of(origin), Set.of());
  }

  public Origin primary() {
    return members.get(0);
  }

  public boolean failsOver() {
    return members.size() > 1;
  }
}
