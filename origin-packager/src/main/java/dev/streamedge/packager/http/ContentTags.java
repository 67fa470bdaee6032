package dev.streamedge.packager.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Strong entity-tags derived from content: two packagers that produce the same bytes produce the same
 * tag, so an edge switching between them mid-body (Range + If-Range) only ever splices identical objects.
 */
public final class ContentTags {
  private ContentTags() {}

  /** {@code "<first 128 bits of SHA-256, hex>"}. */
  public static String of(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
