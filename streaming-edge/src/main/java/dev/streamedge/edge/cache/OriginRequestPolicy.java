package dev.streamedge.edge.cache;

import java.util.Objects;

/**
 * What a behavior forwards to the origin besides the cache key's items (CloudFront's {@code
 * OriginRequestPolicy} vocabulary). The project default is {@link #ALL}: every end-to-end request
 * header, the whole query string and every cookie go to the origin. Anything forwarded but not in
 * the key must not change the response, or the origin must say so with {@code Vary} (headers) —
 * otherwise one viewer's variant is served to others.
 */
public record OriginRequestPolicy(FieldSelection queryStrings, FieldSelection headers, FieldSelection cookies) {
  public static final OriginRequestPolicy ALL =
      new OriginRequestPolicy(FieldSelection.ALL, FieldSelection.ALL, FieldSelection.ALL);

  /** Only what the cache key has (CloudFront without an origin request policy). */
  public static final OriginRequestPolicy KEY_ONLY =
      new OriginRequestPolicy(FieldSelection.NONE, FieldSelection.NONE, FieldSelection.NONE);

  public OriginRequestPolicy {
    Objects.requireNonNull(queryStrings, "queryStrings");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(cookies, "cookies");
  }
}
