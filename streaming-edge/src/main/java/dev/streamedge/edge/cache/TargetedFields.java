package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Targeted cache-control fields (RFC 9213): which response field tells this edge how to cache.
 *
 * <p>The edge's target list is, in precedence order, an optional edge-specific field (e.g. {@code
 * Streamedge-Cache-Control}, configured) and {@code CDN-Cache-Control}. Per RFC 9213 §2.2 the
 * first of them with a valid, non-empty value (a Structured Fields Dictionary, RFC 8941) decides,
 * and then {@code Cache-Control} <em>and</em> {@code Expires} are ignored; if none is usable,
 * {@code Cache-Control} (and Expires) decide as usual. A targeted field that fails to parse is
 * ignored as a whole. Integer directives take Integers; a non-Integer {@code max-age}/{@code
 * s-maxage} counts as 0 (stale), a non-Integer {@code stale-*} is ignored.
 *
 * <p>The targeted fields are meant for this edge, so {@link #stripForViewers} removes them from
 * responses sent to viewers (RFC 9213 does not require that; the project asks for it, so that the
 * CDN's policy does not leak to browsers or to other CDNs downstream).
 */
public final class TargetedFields {
  public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

  private final List<String> fieldNames;

  /** @param fieldNames targeted field names, highest precedence first */
  public TargetedFields(List<String> fieldNames) {
    Objects.requireNonNull(fieldNames, "fieldNames");
    this.fieldNames = List.copyOf(fieldNames);
  }

  /** Only {@code CDN-Cache-Control}. */
  public static TargetedFields cdnOnly() {
    return new TargetedFields(List.of(CDN_CACHE_CONTROL));
  }

  /** {@code edgeField} (when non-null/non-blank) then {@code CDN-Cache-Control}. */
  public static TargetedFields withEdgeField(String edgeField) {
    List<String> names = new ArrayList<>();
    if (edgeField != null && !edgeField.isBlank()) {
      if (edgeField.equalsIgnoreCase("Cache-Control")) {
        throw new IllegalArgumentException("the edge's targeted field cannot be Cache-Control itself");
      }
      names.add(edgeField.trim());
    }
    if (names.stream().noneMatch(CDN_CACHE_CONTROL::equalsIgnoreCase)) {
      names.add(CDN_CACHE_CONTROL);
    }
    return new TargetedFields(names);
  }

  /** The targeted field names, highest precedence first: what viewers never receive. */
  public List<String> fieldNames() {
    return fieldNames;
  }

  /** The directives that govern this edge for a response (see the class comment). */
  public EffectiveDirectives select(HttpFields response) {
    for (String name : fieldNames) {
      String value = response.combined(name);
      if (value == null) {
        continue;
      }
      Optional<Map<String, StructuredDictionary.Item>> dict = StructuredDictionary.parse(value);
      if (dict.isPresent() && !dict.get().isEmpty()) {
        return new EffectiveDirectives(toCacheControl(dict.get()), name, true);
      }
    }
    return new EffectiveDirectives(CacheControl.of(response, "Cache-Control"), "Cache-Control", false);
  }

  /** {@code headers} without any targeted field. */
  public HttpFields stripForViewers(HttpFields headers) {
    HttpFields out = headers;
    for (String name : fieldNames) {
      out = out.without(name);
    }
    return out;
  }

  private static CacheControl toCacheControl(Map<String, StructuredDictionary.Item> dict) {
    CacheControl.Builder b = CacheControl.builder();
    dict.forEach((key, item) -> {
      switch (key) {
        case "max-age" -> b.maxAge(nonNegative(item, 0));
        case "s-maxage" -> b.sMaxAge(nonNegative(item, 0));
        case "stale-while-revalidate" -> {
          long v = nonNegative(item, -1);
          if (v >= 0) {
            b.staleWhileRevalidate(v);
          }
        }
        case "stale-if-error" -> {
          long v = nonNegative(item, -1);
          if (v >= 0) {
            b.staleIfError(v);
          }
        }
        case "no-cache" -> {
          if (isTrue(item)) {
            b.noCache(true);
          } else if (!isFalse(item)) {
            b.noCacheQualified(item.text() == null ? "*qualified*" : item.text());
          }
        }
        case "private" -> {
          if (isTrue(item)) {
            b.isPrivate(true);
          } else if (!isFalse(item)) {
            b.privateQualified(item.text() == null ? "*qualified*" : item.text());
          }
        }
        case "no-store" -> b.noStore(!isFalse(item));
        case "public" -> b.isPublic(!isFalse(item));
        case "must-revalidate" -> b.mustRevalidate(!isFalse(item));
        case "proxy-revalidate" -> b.proxyRevalidate(!isFalse(item));
        case "no-transform" -> b.noTransform(!isFalse(item));
        case "immutable" -> b.immutable(!isFalse(item));
        case "must-understand" -> b.mustUnderstand(!isFalse(item));
        default -> b.extension(key, item.text());
      }
    });
    return b.build();
  }

  private static long nonNegative(StructuredDictionary.Item item, long invalid) {
    if (item.type() != StructuredDictionary.Type.INTEGER || item.integer() < 0) {
      return invalid;
    }
    return Math.min(item.integer(), CacheControl.DELTA_MAX);
  }

  private static boolean isTrue(StructuredDictionary.Item item) {
    return item.type() == StructuredDictionary.Type.BOOLEAN && item.bool();
  }

  private static boolean isFalse(StructuredDictionary.Item item) {
    return item.type() == StructuredDictionary.Type.BOOLEAN && !item.bool();
  }

  /**
   * The directives that apply to this edge.
   *
   * @param directives the parsed directives
   * @param source the field they came from ({@code Cache-Control} or a targeted field)
   * @param targeted true when a targeted field was used (then {@code Expires} is ignored)
   */
  public record EffectiveDirectives(CacheControl directives, String source, boolean targeted) {
    public EffectiveDirectives {
      Objects.requireNonNull(directives, "directives");
      Objects.requireNonNull(source, "source");
    }
  }
}
