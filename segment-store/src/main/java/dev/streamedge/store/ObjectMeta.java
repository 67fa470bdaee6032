package dev.streamedge.store;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the store keeps about an object besides its body: the stored response (status and header
 * lines, in order) and the facts the freshness rules need.
 *
 * <p>RFC 9111 §4.2.3 computes a stored response's age from {@code request_time} and {@code
 * response_time}, so both are kept; {@code storedAt} is set by the store at commit. Times are epoch
 * milliseconds; {@code -1} means unknown. {@code attributes} is opaque to the store: the edge keeps
 * its own facts there (e.g. the Vary-selected request header values).
 *
 * @param status HTTP status of the stored response (e.g. 200)
 * @param headers stored response header lines, in order
 * @param totalLength full representation length in bytes, or -1 while unknown (a fill of unknown
 *     length learns it at commit)
 * @param etag the ETag field value as received (with quotes, {@code W/} if weak), or null
 * @param lastModified Last-Modified as epoch millis, or -1
 * @param requestTime when the request that produced this response was sent (epoch millis)
 * @param responseTime when the response was received (epoch millis)
 * @param storedAt when the store committed it (epoch millis; set by the store)
 * @param attributes the edge's own facts; never interpreted by the store
 */
public record ObjectMeta(
    int status,
    List<StoredHeader> headers,
    long totalLength,
    String etag,
    long lastModified,
    long requestTime,
    long responseTime,
    long storedAt,
    Map<String, String> attributes) {

  public ObjectMeta {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be a 3-digit HTTP status: " + status);
    }
    if (totalLength < -1) {
      throw new IllegalArgumentException("totalLength must be >= 0 or -1 (unknown): " + totalLength);
    }
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** A 200 response with the given headers and length; times unknown. Convenient in tests. */
  public static ObjectMeta of(int status, List<StoredHeader> headers, long totalLength) {
    return new ObjectMeta(status, headers, totalLength, null, -1, -1, -1, -1, Map.of());
  }

  public ObjectMeta withTotalLength(long length) {
    return new ObjectMeta(
        status, headers, length, etag, lastModified, requestTime, responseTime, storedAt,
        attributes);
  }

  public ObjectMeta withStoredAt(long millis) {
    return new ObjectMeta(
        status, headers, totalLength, etag, lastModified, requestTime, responseTime, millis,
        attributes);
  }

  public ObjectMeta withValidators(String newEtag, long newLastModified) {
    return new ObjectMeta(
        status, headers, totalLength, newEtag, newLastModified, requestTime, responseTime,
        storedAt, attributes);
  }

  public ObjectMeta withTimes(long newRequestTime, long newResponseTime) {
    return new ObjectMeta(
        status, headers, totalLength, etag, lastModified, newRequestTime, newResponseTime,
        storedAt, attributes);
  }

  public ObjectMeta withHeaders(List<StoredHeader> newHeaders) {
    return new ObjectMeta(
        status, newHeaders, totalLength, etag, lastModified, requestTime, responseTime, storedAt,
        attributes);
  }

  public ObjectMeta withAttributes(Map<String, String> newAttributes) {
    return new ObjectMeta(
        status, headers, totalLength, etag, lastModified, requestTime, responseTime, storedAt,
        newAttributes);
  }

  /**
   * True when slices described by this and {@code other} may be spliced into one object: same
   * known total length and the same strong validator (a strong ETag, else the same
   * Last-Modified). Without a strong validator two responses are never assumed to be the same
   * bytes (RFC 9110 §8.8.1: only strong validators guarantee byte equality).
   */
  public boolean sameRepresentation(ObjectMeta other) {
    Objects.requireNonNull(other, "other");
    if (totalLength < 0 || totalLength != other.totalLength) {
      return false;
    }
    if (etag != null || other.etag != null) {
      return etag != null && !etag.startsWith("W/") && etag.equals(other.etag);
    }
    return lastModified >= 0 && lastModified == other.lastModified;
  }
}
