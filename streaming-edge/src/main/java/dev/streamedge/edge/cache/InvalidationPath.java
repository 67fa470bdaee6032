package dev.streamedge.edge.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One path of an invalidation request, CloudFront's syntax: an exact URL ({@code /index.html},
 * {@code /img/a.jpg?size=large}) or a prefix ending in {@code *} ({@code /videos/abc/*}, {@code
 * /img/a.jpg*}, {@code /*}). Case-sensitive; {@code *} only as the last character; at most
 * {@value #MAX_LENGTH} characters; characters outside visible ASCII are percent-encoded as UTF-8
 * (viewer request paths arrive encoded, so the key holds the encoded form). An exact path matches
 * every key of that URL part (all header/cookie/Vary variants), as on CloudFront.
 *
 * @param path the normalized path as given (with its trailing {@code *} if any)
 * @param wildcard whether it ends with {@code *}
 */
public record InvalidationPath(String path, boolean wildcard) {
  public static final int MAX_LENGTH = 4000;

  public InvalidationPath {
    Objects.requireNonNull(path, "path");
  }

  /**
   * Validates one path.
   *
   * @throws IllegalArgumentException with a message naming the path
   */
  public static InvalidationPath parse(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      throw new IllegalArgumentException("invalidation path '" + (raw == null ? "" : raw) + "' must start with '/'");
    }
    if (raw.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("invalidation path '" + raw.substring(0, 40)
          + "...' is longer than " + MAX_LENGTH + " characters");
    }
    int star = raw.indexOf('*');
    if (star >= 0 && star != raw.length() - 1) {
      throw new IllegalArgumentException("invalidation path '" + raw + "' has '*' before the end; '*' is only allowed as the last character");
    }
    return new InvalidationPath(encode(raw), star >= 0);
  }

  /** Validates all paths, failing on the first bad one (its message names it). */
  public static List<InvalidationPath> parseAll(List<String> raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("an invalidation needs at least one path");
    }
    List<InvalidationPath> out = new ArrayList<>(raw.size());
    for (String r : raw) {
      out.add(parse(r));
    }
    return List.copyOf(out);
  }

  /**
   * The cache-key prefix this path removes: for {@code /a/*} it is {@code /a/}; for an exact
   * {@code /a/b} it is {@code /a/b } (the URL part's terminating space), so {@code /a/bc} is kept.
   */
  public String keyPrefix() {
    return wildcard ? path.substring(0, path.length() - 1) : CacheKey.urlPrefix(path);
  }

  public boolean matches(CacheKey key) {
    return key.value().startsWith(keyPrefix());
  }

  private static String encode(String raw) {
    StringBuilder sb = null;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c > 0x20 && c < 0x7F) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(raw.length() + 16).append(raw, 0, i);
      }
      int cp = raw.codePointAt(i);
      for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
      i += Character.charCount(cp) - 1;
    }
    return sb == null ? raw : sb.toString();
  }
}
