package dev.streamedge.edge.config;

import dev.streamedge.edge.cache.CacheKeyPolicy;
import dev.streamedge.edge.cache.OriginRequestPolicy;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One cache behavior ({@code distribution.cacheBehaviors[]} or {@code defaultCacheBehavior}).
 *
 * @param pathPattern CloudFront path pattern ({@code *} and {@code ?}); null for the default
 * @param targetOriginId the origin (or origin group) requests go to
 * @param minTtl seconds; lower bound on the edge's freshness
 * @param defaultTtl seconds; freshness when the origin sends no caching headers
 * @param maxTtl seconds; upper bound on the edge's freshness
 * @param allowedMethods methods served; others get 403 as on CloudFront
 * @param cachedMethods methods whose responses are cached (GET and HEAD)
 * @param trustedKeyGroups key groups whose signatures this behavior requires; empty = public
 * @param errorCachingMinTtl seconds a cacheable 4xx/5xx response is kept at least
 * @param cachePolicy what besides the path goes into the cache key
 * @param originRequestPolicy what of the viewer's request goes to the origin on a cache fill
 * @param viewerProtocolPolicy {@code allow-all}, {@code redirect-to-https} or {@code https-only}
 * @param sliceSize objects above {@code sliceThreshold} (or of unknown size) are fetched and
 *     cached in aligned slices of this many bytes; 0 disables slicing
 * @param sliceThreshold objects up to this size are fetched and cached whole
 * @param maxObjectSize larger objects are refused with 502 (0 = no limit)
 */
public record CacheBehavior(
    String pathPattern,
    String targetOriginId,
    long minTtl,
    long defaultTtl,
    long maxTtl,
    List<String> allowedMethods,
    Set<String> cachedMethods,
    List<String> trustedKeyGroups,
    long errorCachingMinTtl,
    CacheKeyPolicy cachePolicy,
    OriginRequestPolicy originRequestPolicy,
    String viewerProtocolPolicy,
    long sliceSize,
    long sliceThreshold,
    long maxObjectSize) {
  public static final Set<String> VIEWER_PROTOCOL_POLICIES = Set.of("allow-all", "redirect-to-https", "https-only");

  public static final List<String> GET_HEAD = List.of("GET", "HEAD");
  public static final List<String> GET_HEAD_OPTIONS = List.of("GET", "HEAD", "OPTIONS");
  public static final List<String> ALL_METHODS =
      List.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE");

  public CacheBehavior {
    Objects.requireNonNull(targetOriginId, "targetOriginId");
    allowedMethods = List.copyOf(allowedMethods);
    cachedMethods = Set.copyOf(cachedMethods);
    trustedKeyGroups = List.copyOf(trustedKeyGroups);
  }

  /** True when requests need a valid signed URL or signed cookies. */
  public boolean requiresSignature() {
    return !trustedKeyGroups.isEmpty();
  }

  public boolean allows(String method) {
    return allowedMethods.contains(method);
  }

  /** How this behavior is named in logs and errors. */
  public String label() {
    return pathPattern == null ? "default" : pathPattern;
  }
}
