package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.StoredHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link StoredResponse} is kept in the segment store: status and header lines as the
 * store's metadata, and the edge's freshness facts (decided once, when the response was stored)
 * as the store's opaque attributes. Also the Vary marker: an empty object under a primary key that
 * says which request fields select the variant to look up.
 */
public final class StoredObjects {
  private static final String TTL = "f.ttl";
  private static final String SOURCE = "f.src";
  private static final String ALWAYS_REVALIDATE = "f.always";
  private static final String NO_STALE = "f.nostale";
  private static final String SWR = "f.swr";
  private static final String SIE = "f.sie";
  private static final String AUTHZ = "f.authz";
  /** On a Vary marker: the response's Vary field names, comma-separated, lower case. */
  public static final String VARY = "vary";

  private StoredObjects() {}

  /** The store metadata for a response about to be stored with body length {@code totalLength}. */
  public static ObjectMeta toMeta(StoredResponse r, long totalLength) {
    List<StoredHeader> headers = new ArrayList<>(r.headers().size());
    r.headers().forEach((n, v) -> headers.add(new StoredHeader(n, v)));
    Map<String, String> a = new HashMap<>();
    EdgeFreshness f = r.freshness();
    a.put(TTL, Long.toString(f.ttlSeconds()));
    a.put(SOURCE, f.source().name());
    a.put(ALWAYS_REVALIDATE, Boolean.toString(f.alwaysRevalidate()));
    a.put(NO_STALE, Boolean.toString(f.noStaleServing()));
    a.put(SWR, Long.toString(f.staleWhileRevalidateSeconds()));
    a.put(SIE, Long.toString(f.staleIfErrorSeconds()));
    a.put(AUTHZ, Boolean.toString(f.reusableForAuthorized()));
    String etag = r.headers().get("ETag");
    String lm = r.headers().get("Last-Modified");
    long lastModified = lm == null ? -1 : HttpDates.parse(lm).map(Instant::toEpochMilli).orElse(-1L);
    return new ObjectMeta(r.status(), headers, totalLength, etag, lastModified,
        r.requestTime().toEpochMilli(), r.responseTime().toEpochMilli(), -1, a);
  }

  /** The stored response a store object describes. */
  public static StoredResponse fromMeta(ObjectMeta m) {
    HttpFields.Builder h = HttpFields.builder();
    for (StoredHeader s : m.headers()) {
      h.add(s.name(), s.value());
    }
    Map<String, String> a = m.attributes();
    EdgeFreshness f = new EdgeFreshness(
        number(a, TTL),
        EdgeFreshness.TtlSource.valueOf(a.getOrDefault(SOURCE, EdgeFreshness.TtlSource.DEFAULT_TTL.name())),
        Boolean.parseBoolean(a.get(ALWAYS_REVALIDATE)),
        Boolean.parseBoolean(a.get(NO_STALE)),
        number(a, SWR),
        number(a, SIE),
        Boolean.parseBoolean(a.get(AUTHZ)));
    return new StoredResponse(m.status(), h.build(), Instant.ofEpochMilli(Math.max(0, m.requestTime())),
        Instant.ofEpochMilli(Math.max(0, m.responseTime())), f);
  }

  /** On a sliced-object marker: the slice size; its presence marks the object as cached in slices. */
  public static final String SLICE_SIZE = "slice";
  /** On a sliced-object marker: the representation's total length. */
  public static final String TOTAL = "total";

  /** A large object cached in slices: what its marker (at the primary key) says. */
  public record Sliced(StoredResponse stored, long total, long sliceSize, String etag) {
    /** The store key of slice {@code index}. */
    public String sliceKey(String primaryKey, long index) {
      return primaryKey + "#" + index;
    }

    public long sliceCount() {
      return total / sliceSize + (total % sliceSize == 0 ? 0 : 1);
    }
  }

  /** Metadata of the marker of an object cached in slices (zero-length body). */
  public static ObjectMeta slicedMarker(StoredResponse r, long total, long sliceSize) {
    ObjectMeta m = toMeta(r, 0);
    Map<String, String> a = new HashMap<>(m.attributes());
    a.put(SLICE_SIZE, Long.toString(sliceSize));
    a.put(TOTAL, Long.toString(total));
    return m.withAttributes(a);
  }

  /** The sliced object a marker describes, or null when {@code m} is not one. */
  public static Sliced slicedOf(ObjectMeta m) {
    String s = m.attributes().get(SLICE_SIZE);
    String t = m.attributes().get(TOTAL);
    if (s == null || t == null) {
      return null;
    }
    try {
      return new Sliced(fromMeta(m), Long.parseLong(t), Long.parseLong(s), m.etag());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Metadata of one slice: its bytes and the validator that ties it to its object's version. */
  public static ObjectMeta sliceMeta(String etag, long length) {
    return new ObjectMeta(206, List.of(), length, etag, -1, -1, -1, -1, Map.of());
  }

  /** Metadata of a Vary marker: a zero-length object that names the selecting fields. */
  public static ObjectMeta varyMarker(List<String> varyFieldNames, Instant now) {
    return new ObjectMeta(200, List.of(), 0, null, -1, now.toEpochMilli(), now.toEpochMilli(), -1,
        Map.of(VARY, String.join(",", varyFieldNames)));
  }

  /** The Vary field names a marker holds, or null when {@code m} is not a marker. */
  public static List<String> varyOf(ObjectMeta m) {
    String v = m.attributes().get(VARY);
    if (v == null) {
      return null;
    }
    return v.isEmpty() ? List.of() : List.of(v.split(","));
  }

  private static long number(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(v));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
