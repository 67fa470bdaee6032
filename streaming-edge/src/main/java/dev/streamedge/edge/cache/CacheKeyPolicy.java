package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A behavior's cache policy: which query strings, headers and cookies are part of the cache key
 * (CloudFront's {@code CachePolicy} vocabulary). Without a policy the key is the path plus the
 * whole query string ({@link #DEFAULT}); Vary then adds the headers the origin names.
 *
 * <p>Canonical form, decided once (see {@link CacheKey} for the layout):
 *
 * <ul>
 *   <li>path: the raw path exactly as received (no decoding, no normalization);
 *   <li>query: {@code all} keeps the raw query exactly; {@code allowList}/{@code allExcept} keep
 *       the selected {@code name=value} parts raw and <em>in request order</em>, as CloudFront does
 *       (it documents that order and case matter); names are matched after percent-decoding; an
 *       empty query adds no {@code ?};
 *   <li>headers ({@code none} or {@code allowList}): names lower-cased and sorted, each value's
 *       lines trimmed and joined with ", ", absent distinct from empty;
 *   <li>cookies: selected pairs sorted by name (stable, so repeated names keep their order);
 *       cookie order in a Cookie line carries no meaning except between equal names.
 * </ul>
 *
 * Everything in the key is also forwarded to the origin ({@link OriginForwarding}).
 */
public record CacheKeyPolicy(FieldSelection queryStrings, FieldSelection headers, FieldSelection cookies) {
  /** No policy configured: path + whole query string; no headers, no cookies. */
  public static final CacheKeyPolicy DEFAULT =
      new CacheKeyPolicy(FieldSelection.ALL, FieldSelection.NONE, FieldSelection.NONE);

  public CacheKeyPolicy {
    Objects.requireNonNull(queryStrings, "queryStrings");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(cookies, "cookies");
    if (headers.behavior() == FieldSelection.Behavior.ALL || headers.behavior() == FieldSelection.Behavior.ALL_EXCEPT) {
      throw new IllegalArgumentException(
          "headers in the cache key must be none or allowList (all headers would make every request unique)");
    }
    for (String h : headers.items()) {
      if (h.equalsIgnoreCase("Cookie")) {
        throw new IllegalArgumentException("put cookies in the key with the cookies setting, not the Cookie header");
      }
    }
  }

  /**
   * The cache key of a request.
   *
   * @param path the raw path, starting with '/'
   * @param rawQuery the raw query without '?', or null
   * @throws IllegalArgumentException when the path or query contains a space or control character
   *     (the request-target check rejects those before routing)
   */
  public CacheKey keyFor(String path, String rawQuery, HttpFields requestHeaders) {
    StringBuilder sb = new StringBuilder(urlPart(path, rawQuery)).append(' ');
    if (headers.behavior() != FieldSelection.Behavior.NONE) {
      sb.append('h');
      TreeSet<String> names = new TreeSet<>();
      for (String item : headers.items()) {
        names.add(item.toLowerCase(Locale.ROOT));
      }
      for (String name : names) {
        CacheKeyCodec.appendToken(sb, name);
        CacheKeyCodec.appendValue(sb, Vary.normalizedValue(requestHeaders, name));
      }
    }
    if (cookies.behavior() != FieldSelection.Behavior.NONE) {
      sb.append('c');
      List<CookiePairs.Pair> selected = new ArrayList<>();
      for (CookiePairs.Pair p : CookiePairs.parse(requestHeaders)) {
        if (cookies.selects(p.name(), false)) {
          selected.add(p);
        }
      }
      selected.sort(Comparator.comparing(CookiePairs.Pair::name));
      for (CookiePairs.Pair p : selected) {
        CacheKeyCodec.appendToken(sb, p.name());
        CacheKeyCodec.appendValue(sb, p.value());
      }
    }
    return new CacheKey(sb.toString());
  }

  /**
   * The URL part of the key: the path, then {@code ?} and the kept query when non-empty. Also what
   * an exact invalidation or an unsafe-method invalidation (RFC 9111 §4.4) must match.
   */
  public String urlPart(String path, String rawQuery) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.charAt(0) != '/') {
      throw new IllegalArgumentException("path must start with '/'");
    }
    checkNoSpace("path", path);
    String query = switch (queryStrings.behavior()) {
      case NONE -> "";
      case ALL -> rawQuery == null ? "" : rawQuery;
      case ALLOW_LIST, ALL_EXCEPT -> QueryParameters.filter(rawQuery, queryStrings, null);
    };
    checkNoSpace("query", query);
    return query.isEmpty() ? path : path + "?" + query;
  }

  private static void checkNoSpace(String what, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7F) {
        throw new IllegalArgumentException(what + " contains a space or control character");
      }
    }
  }
}
