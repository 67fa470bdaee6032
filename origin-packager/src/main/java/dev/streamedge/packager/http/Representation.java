package dev.streamedge.packager.http;

import java.time.Instant;
import java.util.Objects;

/**
 * A selected representation of a resource with its validators (RFC 9110 section 8).
 *
 * @param contentType the media type
 * @param length the complete length in bytes
 * @param etag a strong entity-tag in wire form ({@code "..."})
 * @param lastModified modification time (sent at second precision)
 * @param cacheControl the Cache-Control value for a successful answer
 * @param content where the bytes are
 */
public record Representation(
    String contentType, long length, String etag, Instant lastModified, String cacheControl, Content content) {
  public Representation {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(cacheControl, "cacheControl");
    Objects.requireNonNull(content, "content");
    if (length < 0) {
      throw new IllegalArgumentException("negative length");
    }
    if (content instanceof Content.BytesContent b && b.bytes().length != length) {
      throw new IllegalArgumentException("length does not match the bytes");
    }
  }

  /** An in-memory representation whose strong ETag is a digest of the bytes (equal bytes, equal tags). */
  public static Representation ofBytes(
      String contentType, byte[] bytes, Instant lastModified, String cacheControl) {
    return new Representation(
        contentType, bytes.length, ContentTags.of(bytes), lastModified, cacheControl,
        new Content.BytesContent(bytes));
  }
}
