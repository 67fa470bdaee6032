package dev.streamedge.edge.cache;

import dev.streamedge.edge.cache.EdgeFreshness.TtlSource;
import dev.streamedge.edge.cache.StorageDecision.DoNotStore;
import dev.streamedge.edge.cache.StorageDecision.NotStorable;
import dev.streamedge.edge.cache.StorageDecision.Store;
import dev.streamedge.edge.http.EntityTag;
import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The edge's shared-cache rules for one cache behavior: whether to store an origin response and
 * for how long (RFC 9111 §3 and §4.2 merged with CloudFront's min/default/max TTL table), what to
 * do on a lookup (fresh / stale-revalidate / miss), how to revalidate and how a 304 updates the
 * stored response. Pure: time is a parameter, nothing is read or written.
 *
 * <p>TTL merge, exactly CloudFront's "Manage how long content stays in the cache (expiration)":
 *
 * <ul>
 *   <li>{@code s-maxage}, else {@code max-age}, else {@code Expires - Date}: clamped to [minTtl,
 *       maxTtl] (with minTtl 0 that is "the lesser of the value and maxTtl");
 *   <li>none of them: {@code max(minTtl, defaultTtl)} (or the RFC heuristic if enabled);
 *   <li>{@code no-cache}, {@code no-store}, {@code private}: honored when minTtl is 0; when minTtl
 *       is above 0 the response is cached for minTtl.
 * </ul>
 *
 * Where the RFC and CloudFront differ this class follows CloudFront for TTLs and the RFC for
 * safety (Authorization, Vary, Set-Cookie are never overridden by a TTL); docs/caching.md lists
 * every such choice.
 */
public final class CacheRules {
  /** Errors CloudFront caches unless the origin restricts them (HTTPStatusCodes, "cached errors"). */
  public static final Set<Integer> CACHED_ERRORS = Set.of(404, 414, 500, 501, 502, 503, 504);

  /** Errors CloudFront caches only when the origin sends max-age or s-maxage. */
  public static final Set<Integer> CACHED_ERRORS_WITH_MAX_AGE = Set.of(400, 403, 405, 412, 415);

  /** Non-error statuses that get defaultTtl when the origin says nothing (RFC 9110 §15.1 list). */
  public static final Set<Integer> DEFAULT_TTL_STATUSES = Set.of(200, 203, 204, 300, 301, 308);

  /** Non-error statuses stored only with explicit freshness. */
  public static final Set<Integer> EXPLICIT_ONLY_STATUSES = Set.of(302, 303, 307);

  private static final Set<String> NOT_UPDATED_BY_304 = Set.of(
      "content-length", "content-range", "content-encoding", "set-cookie", "set-cookie2");

  private final TtlPolicy ttl;
  private final TargetedFields targeted;
  private final boolean honorViewerCacheControl;

  /**
   * @param honorViewerCacheControl when false (CloudFront's behavior and the default), viewer
   *     {@code Cache-Control}/{@code Pragma} directives cannot force a refetch or relax freshness;
   *     {@code only-if-cached} is honored either way (it can only spare the origin)
   */
  public CacheRules(TtlPolicy ttl, TargetedFields targeted, boolean honorViewerCacheControl) {
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.targeted = Objects.requireNonNull(targeted, "targeted");
    this.honorViewerCacheControl = honorViewerCacheControl;
  }

  public TtlPolicy ttlPolicy() {
    return ttl;
  }

  public TargetedFields targetedFields() {
    return targeted;
  }

  // ---- storing ------------------------------------------------------------------------------

  /**
   * Decides whether an origin response to {@code method} with {@code requestHeaders} is stored.
   *
   * @param requestTime when the edge sent the request to the origin
   * @param responseTime when the response head arrived
   */
  public StorageDecision storage(
      String method, HttpFields requestHeaders, int status, HttpFields responseHeaders,
      Instant requestTime, Instant responseTime) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    Objects.requireNonNull(responseHeaders, "responseHeaders");
    Objects.requireNonNull(requestTime, "requestTime");
    Objects.requireNonNull(responseTime, "responseTime");
    if (!method.equals("GET")) {
      return no(NotStorable.METHOD);
    }
    if (status == 206) {
      return no(NotStorable.PARTIAL_CONTENT);
    }
    if (status == 304) {
      return no(NotStorable.NOT_MODIFIED);
    }
    if (status == 416) {
      return no(NotStorable.RANGE_NOT_SATISFIABLE);
    }
    boolean error = status >= 400;
    if (status < 200 || status > 599
        || (!error && !DEFAULT_TTL_STATUSES.contains(status) && !EXPLICIT_ONLY_STATUSES.contains(status))) {
      return no(NotStorable.STATUS);
    }
    if (viewerDirectives(requestHeaders).noStore()) {
      return no(NotStorable.REQUEST_NO_STORE);
    }
    if (Vary.isStar(responseHeaders)) {
      return no(NotStorable.VARY_STAR);
    }
    TargetedFields.EffectiveDirectives effective = targeted.select(responseHeaders);
    CacheControl cc = effective.directives();
    boolean sharedExplicitly = cc.isPublic() || cc.sMaxAge().isPresent() || cc.mustRevalidate();
    if (requestHeaders.contains("Authorization") && !sharedExplicitly) {
      return no(NotStorable.AUTHORIZATION);
    }
    boolean honorRestrictions = ttl.minTtl() == 0;
    // must-understand (RFC 9111 §5.2.2.3): every status stored here is understood, so no-store,
    // which the origin sent only for caches that do not understand, is ignored.
    boolean noStore = cc.noStore() && !cc.mustUnderstand();
    if (honorRestrictions && noStore) {
      return no(NotStorable.NO_STORE);
    }
    if (honorRestrictions && cc.isPrivate()) {
      return no(NotStorable.PRIVATE);
    }
    boolean setCookie = responseHeaders.contains("Set-Cookie") || responseHeaders.contains("Set-Cookie2");
    if (setCookie && !(cc.isPublic() || cc.sMaxAge().isPresent() || effective.targeted())) {
      return no(NotStorable.SET_COOKIE);
    }

    long ttlSeconds;
    TtlSource source;
    boolean alwaysRevalidate = false;
    Optional<Freshness.Lifetime> explicit =
        Freshness.explicit(cc, !effective.targeted(), responseHeaders, responseTime);
    if (error) {
      boolean restricted = noStore || cc.isPrivate() || cc.noCache();
      boolean hasMaxAge = cc.sMaxAge().isPresent() || cc.maxAge().isPresent();
      if (CACHED_ERRORS.contains(status) || (CACHED_ERRORS_WITH_MAX_AGE.contains(status) && hasMaxAge)) {
        if (restricted) {
          return no(NotStorable.ERROR_NOT_CACHED);
        }
        long fromOrigin = hasMaxAge ? Math.min(explicit.orElseThrow().seconds(), ttl.maxTtl()) : 0;
        ttlSeconds = Math.max(ttl.errorCachingMinTtl(), fromOrigin);
        source = TtlSource.ERROR_CACHING;
      } else if (!CACHED_ERRORS_WITH_MAX_AGE.contains(status) && explicit.isPresent() && !restricted) {
        // Other errors (401, 410, 429, ...): RFC 9111 allows them with explicit freshness only.
        ttlSeconds = ttl.clamp(explicit.get().seconds());
        source = clampedSource(explicit.get());
      } else {
        return no(NotStorable.ERROR_NOT_CACHED);
      }
    } else if (!honorRestrictions && (noStore || cc.isPrivate() || cc.noCache())) {
      ttlSeconds = ttl.minTtl();
      source = TtlSource.MIN_TTL;
    } else if (cc.noCache()) {
      alwaysRevalidate = true;
      ttlSeconds = 0;
      source = TtlSource.NO_CACHE;
    } else if (explicit.isPresent()) {
      ttlSeconds = ttl.clamp(explicit.get().seconds());
      source = clampedSource(explicit.get());
    } else if (!DEFAULT_TTL_STATUSES.contains(status)) {
      return no(NotStorable.STATUS);
    } else {
      OptionalLong heuristic = ttl.heuristicFreshness()
          ? Freshness.heuristic(status, responseHeaders, responseTime, ttl.heuristicMaxTtl())
          : OptionalLong.empty();
      if (heuristic.isPresent()) {
        ttlSeconds = ttl.clamp(heuristic.getAsLong());
        source = TtlSource.HEURISTIC;
      } else {
        ttlSeconds = Math.max(ttl.minTtl(), ttl.defaultTtl());
        source = TtlSource.DEFAULT_TTL;
      }
    }

    boolean noStale = cc.mustRevalidate() || cc.proxyRevalidate() || alwaysRevalidate;
    long swr = noStale ? 0 : Math.min(cc.staleWhileRevalidate().orElse(0), ttl.maxTtl());
    long sie = noStale ? 0 : Math.min(cc.staleIfError().orElse(0), ttl.maxTtl());
    boolean validators = responseHeaders.contains("ETag") || responseHeaders.contains("Last-Modified");
    if (ttlSeconds == 0 && !validators && swr == 0 && sie == 0) {
      return no(NotStorable.NOTHING_TO_REUSE);
    }
    EdgeFreshness freshness =
        new EdgeFreshness(ttlSeconds, source, alwaysRevalidate, noStale, swr, sie, sharedExplicitly);
    HttpFields stored = headersToStore(responseHeaders, responseTime);
    return new Store(new StoredResponse(status, stored, requestTime, responseTime, freshness));
  }

  private TtlSource clampedSource(Freshness.Lifetime lifetime) {
    if (lifetime.seconds() < ttl.minTtl()) {
      return TtlSource.MIN_TTL;
    }
    if (lifetime.seconds() > ttl.maxTtl()) {
      return TtlSource.MAX_TTL;
    }
    return switch (lifetime.source()) {
      case S_MAXAGE -> TtlSource.S_MAXAGE;
      case MAX_AGE -> TtlSource.MAX_AGE;
      case EXPIRES -> TtlSource.EXPIRES;
    };
  }

  /**
   * The header fields kept in the store: no hop-by-hop fields (RFC 9111 §3.1), no Set-Cookie (a
   * shared cache must not hand one viewer's cookie to another), and a Date (RFC 9110 §6.6.1: a
   * recipient with a clock adds one when it caches a response that lacks it).
   */
  static HttpFields headersToStore(HttpFields response, Instant responseTime) {
    HttpFields h = HopByHopFields.strip(response).without("Set-Cookie").without("Set-Cookie2");
    if (HttpDates.parse(h.get("Date")).isEmpty()) {
      h = h.with("Date", HttpDates.format(responseTime));
    }
    return h;
  }

  private static StorageDecision no(NotStorable reason) {
    return new DoNotStore(reason);
  }

  // ---- lookup -------------------------------------------------------------------------------

  /**
   * Decides how to answer a GET/HEAD request from {@code stored} (null when nothing is stored
   * under the request's key and Vary variant).
   */
  public LookupDecision lookup(HttpFields requestHeaders, StoredResponse stored, Instant now) {
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    Objects.requireNonNull(now, "now");
    boolean onlyIfCached = CacheControl.of(requestHeaders, "Cache-Control").onlyIfCached();
    if (stored == null) {
      return onlyIfCached ? new LookupDecision.Unavailable() : new LookupDecision.Miss(LookupDecision.MissReason.NOT_CACHED);
    }
    EdgeFreshness f = stored.freshness();
    if (requestHeaders.contains("Authorization") && !f.reusableForAuthorized()) {
      return onlyIfCached ? new LookupDecision.Unavailable() : new LookupDecision.Miss(LookupDecision.MissReason.AUTHORIZATION);
    }
    CacheControl viewer = viewerDirectives(requestHeaders);
    long ageMs = Age.currentAgeMillis(stored.headers(), stored.requestTime(), stored.responseTime(), now);
    long lifetimeMs = f.ttlSeconds() * 1000L;
    boolean fresh = !f.alwaysRevalidate() && ageMs < lifetimeMs;
    boolean viewerWantsValidation = viewer.noCache()
        || (viewer.maxAge().isPresent() && ageMs > viewer.maxAge().getAsLong() * 1000L)
        || (viewer.minFresh().isPresent() && lifetimeMs - ageMs < viewer.minFresh().getAsLong() * 1000L);
    long ageSeconds = ageMs / 1000;
    if (fresh && !viewerWantsValidation) {
      return new LookupDecision.Fresh(ageSeconds);
    }
    long stalenessMs = Math.max(0, ageMs - lifetimeMs);
    if (!fresh && !viewerWantsValidation && !f.noStaleServing() && viewer.maxStale().isPresent()
        && stalenessMs <= viewer.maxStale().getAsLong() * 1000L) {
      // The viewer accepts this much staleness (honored only when viewer directives are).
      return new LookupDecision.Fresh(ageSeconds);
    }
    if (onlyIfCached) {
      return new LookupDecision.Unavailable();
    }
    boolean whileRevalidating = !fresh && !viewerWantsValidation && !f.noStaleServing()
        && stalenessMs < f.staleWhileRevalidateSeconds() * 1000L;
    return new LookupDecision.Stale(
        ageSeconds, stalenessMs / 1000, revalidationHeaders(stored), whileRevalidating, staleOnError(stored, ageMs));
  }

  /** Whether {@code stored} may be served at {@code now} because the origin failed (RFC 5861 §4). */
  public boolean mayServeStaleOnError(StoredResponse stored, Instant now) {
    long ageMs = Age.currentAgeMillis(stored.headers(), stored.requestTime(), stored.responseTime(), now);
    return staleOnError(stored, ageMs);
  }

  private static boolean staleOnError(StoredResponse stored, long ageMs) {
    EdgeFreshness f = stored.freshness();
    long stalenessMs = Math.max(0, ageMs - f.ttlSeconds() * 1000L);
    return !f.noStaleServing() && stalenessMs < f.staleIfErrorSeconds() * 1000L;
  }

  /**
   * The viewer's request directives as far as this edge honors them: all of them when configured,
   * otherwise none (CloudFront ignores viewer Cache-Control and Pragma). A {@code Pragma:
   * no-cache} counts only without Cache-Control (RFC 9111 §5.4).
   */
  CacheControl viewerDirectives(HttpFields requestHeaders) {
    if (!honorViewerCacheControl) {
      return CacheControl.EMPTY;
    }
    if (requestHeaders.contains("Cache-Control")) {
      return CacheControl.of(requestHeaders, "Cache-Control");
    }
    String pragma = requestHeaders.combined("Pragma");
    if (pragma != null && CacheControl.parse(pragma).noCache()) {
      return CacheControl.builder().noCache(true).build();
    }
    return CacheControl.EMPTY;
  }

  // ---- revalidation -------------------------------------------------------------------------

  /**
   * The conditional fields for revalidating {@code stored} (RFC 9111 §4.3.1): {@code
   * If-None-Match} with its ETag and {@code If-Modified-Since} with its Last-Modified; empty when
   * it has neither (then the "revalidation" is a plain refetch).
   */
  public HttpFields revalidationHeaders(StoredResponse stored) {
    HttpFields.Builder b = HttpFields.builder();
    String etag = stored.headers().get("ETag");
    if (etag != null && EntityTag.parse(etag).isPresent()) {
      b.add("If-None-Match", etag.trim());
    }
    String lastModified = stored.headers().get("Last-Modified");
    if (lastModified != null && HttpDates.parse(lastModified).isPresent()) {
      b.add("If-Modified-Since", lastModified.trim());
    }
    return b.build();
  }

  /**
   * Applies an origin's 304 to {@code stored} (RFC 9111 §4.3.4 selection, §3.2 update) and
   * recomputes freshness with this behavior's rules.
   *
   * @param requestHeaders the revalidation request's headers (Authorization matters)
   * @param requestTime when the conditional request was sent
   * @param responseTime when the 304 arrived
   */
  public RefreshOutcome refresh(
      StoredResponse stored, HttpFields requestHeaders, HttpFields notModifiedHeaders,
      Instant requestTime, Instant responseTime) {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(notModifiedHeaders, "notModifiedHeaders");
    if (!notModifiedMatches(stored.headers(), notModifiedHeaders)) {
      return new RefreshOutcome.Mismatch();
    }
    HttpFields merged = mergeNotModified(stored.headers(), notModifiedHeaders, responseTime);
    StorageDecision d = storage("GET", requestHeaders, stored.status(), merged, requestTime, responseTime);
    if (d instanceof Store s) {
      return new RefreshOutcome.Refreshed(s.response());
    }
    return new RefreshOutcome.NoLongerStorable(((DoNotStore) d).reason(), headersToStore(merged, responseTime));
  }

  /**
   * RFC 9111 §4.3.4: does a 304 identify this stored response? A strong ETag in the 304 must
   * strongly match, a weak one weakly; without ETag a Last-Modified must be equal; with neither,
   * the one stored response being validated is selected.
   */
  public static boolean notModifiedMatches(HttpFields stored, HttpFields notModified) {
    String newEtag = notModified.get("ETag");
    if (newEtag != null) {
      Optional<EntityTag> n = EntityTag.parse(newEtag);
      Optional<EntityTag> s = EntityTag.parse(stored.get("ETag"));
      if (n.isEmpty() || s.isEmpty()) {
        return false;
      }
      return n.get().weak() ? n.get().weakMatches(s.get()) : n.get().strongMatches(s.get());
    }
    String newLastModified = notModified.get("Last-Modified");
    if (newLastModified != null) {
      Optional<Instant> n = HttpDates.parse(newLastModified);
      Optional<Instant> s = HttpDates.parse(stored.get("Last-Modified"));
      return n.isPresent() && n.equals(s);
    }
    return true;
  }

  /**
   * The stored fields updated from a 304 (RFC 9111 §3.2): each field the 304 carries replaces the
   * stored lines of that name, except hop-by-hop fields, Content-Length, Content-Range,
   * Content-Encoding (they describe the stored body) and Set-Cookie. A 304 without Age resets the
   * age (the old Age described the old fetch); one without Date gets {@code responseTime}.
   */
  public static HttpFields mergeNotModified(HttpFields stored, HttpFields notModified, Instant responseTime) {
    HttpFields update = HopByHopFields.strip(notModified);
    Set<String> names = new LinkedHashSet<>();
    for (HttpFields.Field f : update.asList()) {
      String n = HttpFields.normalize(f.name());
      if (!NOT_UPDATED_BY_304.contains(n)) {
        names.add(n);
      }
    }
    HttpFields.Builder b = stored.toBuilder();
    for (String name : names) {
      b.remove(name);
    }
    for (HttpFields.Field f : update.asList()) {
      if (names.contains(HttpFields.normalize(f.name()))) {
        b.add(f.name(), f.value());
      }
    }
    if (!update.contains("Age")) {
      b.remove("Age");
    }
    if (HttpDates.parse(update.get("Date")).isEmpty()) {
      b.set("Date", HttpDates.format(responseTime));
    }
    return b.build();
  }

  // ---- serving ------------------------------------------------------------------------------

  /** The header fields to send a viewer for a stored response: targeted fields removed, Age set. */
  public HttpFields viewerHeaders(StoredResponse stored, long ageSeconds) {
    return viewerHeaders(stored).with("Age", Long.toString(ageSeconds));
  }

  /** {@link #viewerHeaders(StoredResponse, long)} without {@code Age}: the same for every hit. */
  public HttpFields viewerHeaders(StoredResponse stored) {
    return targeted.stripForViewers(stored.headers());
  }
}
