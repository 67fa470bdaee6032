package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Vary (RFC 9111 §4.1): the secondary cache key. A stored response with {@code Vary: Accept-Encoding}
 * may serve a later request only if that request's Accept-Encoding equals the one that produced
 * it. The key built here is the request's values of the listed fields, names lower-cased and
 * sorted (order of names in Vary is not significant), each value normalized only in ways that
 * cannot change meaning: lines of one field joined with ", " (RFC 9110 §5.3) after trimming their
 * surrounding whitespace. Nothing else (case, inner spaces, list order) is normalized — a
 * too-eager normalization would let two different requests share a response, which is cache
 * poisoning. Absent and empty are distinct. {@code Vary: *} never matches.
 */
public final class Vary {
  private Vary() {}

  /** The lower-case, sorted, de-duplicated field names listed by the response's Vary lines. */
  public static List<String> fieldNames(HttpFields response) {
    TreeSet<String> names = new TreeSet<>();
    for (String line : response.all("Vary")) {
      for (String part : line.split(",")) {
        String n = part.trim();
        if (!n.isEmpty()) {
          names.add(n.toLowerCase(Locale.ROOT));
        }
      }
    }
    return new ArrayList<>(names);
  }

  /** True when the response's Vary lists {@code *}. */
  public static boolean isStar(HttpFields response) {
    return fieldNames(response).contains("*");
  }

  /**
   * The secondary key of {@code request} for a stored response with {@code response}'s Vary, or
   * empty when the response has {@code Vary: *} (no request can match). A response without Vary
   * gives the empty string.
   */
  public static Optional<String> secondaryKey(HttpFields response, HttpFields request) {
    return secondaryKey(fieldNames(response), request);
  }

  /** As {@link #secondaryKey(HttpFields, HttpFields)} with already-extracted field names. */
  public static Optional<String> secondaryKey(List<String> varyFieldNames, HttpFields request) {
    if (varyFieldNames.contains("*")) {
      return Optional.empty();
    }
    if (varyFieldNames.isEmpty()) {
      return Optional.of("");
    }
    StringBuilder sb = new StringBuilder();
    for (String name : new TreeSet<>(varyFieldNames)) {
      String lower = name.toLowerCase(Locale.ROOT);
      CacheKeyCodec.appendToken(sb, lower);
      CacheKeyCodec.appendValue(sb, normalizedValue(request, lower));
    }
    return Optional.of(sb.toString());
  }

  /** Whether {@code request} selects a stored response that produced {@code storedSecondaryKey}. */
  public static boolean matches(HttpFields storedResponse, String storedSecondaryKey, HttpFields request) {
    return secondaryKey(storedResponse, request).map(k -> k.equals(storedSecondaryKey)).orElse(false);
  }

  /** The field's lines trimmed and joined with ", ", or null when absent. */
  static String normalizedValue(HttpFields fields, String name) {
    List<String> lines = fields.all(name);
    if (lines.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(line.strip());
    }
    return sb.toString();
  }
}
