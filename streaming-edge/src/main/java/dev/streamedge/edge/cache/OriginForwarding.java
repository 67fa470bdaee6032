package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.Objects;
import java.util.Set;

/**
 * Which parts of a viewer request go to the origin: the union of the cache key's items (always
 * forwarded, as on CloudFront) and the behavior's {@link OriginRequestPolicy}. Hop-by-hop fields
 * never go. On a cache fill (a miss, or a revalidation the edge makes for itself) the viewer's
 * own conditional and range fields are dropped: the edge adds its own validators and slice
 * ranges, and a viewer's {@code If-None-Match} must not turn the shared fill into a 304 only that
 * viewer could use. The {@code Host} field is the proxy's business and is passed through as any
 * other header.
 */
public final class OriginForwarding {
  private static final Set<String> VIEWER_CONDITIONALS = Set.of(
      "if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range", "range");

  private final CacheKeyPolicy key;
  private final OriginRequestPolicy policy;

  public OriginForwarding(CacheKeyPolicy key, OriginRequestPolicy policy) {
    this.key = Objects.requireNonNull(key, "key");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The default: key = path + query, everything forwarded. */
  public static OriginForwarding defaults() {
    return new OriginForwarding(CacheKeyPolicy.DEFAULT, OriginRequestPolicy.ALL);
  }

  /**
   * @param rawQuery the viewer's raw query (null when none)
   * @param cacheFill true when the response will be stored/shared: viewer validators and Range
   *     are dropped
   */
  public ForwardedRequest forward(String path, String rawQuery, HttpFields viewerHeaders, boolean cacheFill) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(viewerHeaders, "viewerHeaders");
    String query;
    if (policy.queryStrings().behavior() == FieldSelection.Behavior.ALL
        || key.queryStrings().behavior() == FieldSelection.Behavior.ALL) {
      query = rawQuery;
    } else {
      String filtered = QueryParameters.filter(rawQuery, key.queryStrings(), policy.queryStrings());
      query = filtered.isEmpty() ? null : filtered;
    }
    String pathAndQuery = query == null ? path : path + "?" + query;

    HttpFields.Builder b = HttpFields.builder();
    for (HttpFields.Field f : HopByHopFields.strip(viewerHeaders).asList()) {
      String name = HttpFields.normalize(f.name());
      if (name.equals("cookie") || (cacheFill && VIEWER_CONDITIONALS.contains(name))) {
        continue;
      }
      if (policy.headers().selects(name, true) || key.headers().selects(name, true)) {
        b.add(f.name(), f.value());
      }
    }
    String cookie = cookies(viewerHeaders);
    if (cookie != null) {
      b.add("Cookie", cookie);
    }
    return new ForwardedRequest(pathAndQuery, b.build());
  }

  private String cookies(HttpFields viewerHeaders) {
    if (!viewerHeaders.contains("Cookie")) {
      return null;
    }
    FieldSelection a = policy.cookies();
    FieldSelection k = key.cookies();
    if (a.behavior() == FieldSelection.Behavior.ALL || k.behavior() == FieldSelection.Behavior.ALL) {
      return String.join("; ", viewerHeaders.all("Cookie"));
    }
    StringBuilder sb = new StringBuilder();
    for (CookiePairs.Pair p : CookiePairs.parse(viewerHeaders)) {
      if (a.selects(p.name(), false) || k.selects(p.name(), false)) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(p.render());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * The request to send upstream (before the proxy adds Host, Via, X-Forwarded-For, validators).
   *
   * @param pathAndQuery the origin-form target
   */
  public record ForwardedRequest(String pathAndQuery, HttpFields headers) {
    public ForwardedRequest {
      Objects.requireNonNull(pathAndQuery, "pathAndQuery");
      Objects.requireNonNull(headers, "headers");
    }
  }
}
