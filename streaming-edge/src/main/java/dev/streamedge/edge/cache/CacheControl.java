package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parsed Cache-Control directives, request and response (RFC 9111 §5.2), plus the RFC 5861
 * ({@code stale-while-revalidate}, {@code stale-if-error}) and RFC 8246 ({@code immutable})
 * extensions.
 *
 * <p>The parser is deliberately forgiving in reading and conservative in meaning:
 *
 * <ul>
 *   <li>directive names are case-insensitive; arguments may be tokens or quoted strings (RFC 9111
 *       §5.2 asks recipients to accept both), and commas inside quotes do not split directives;
 *   <li>a directive repeated with different numbers keeps the smallest (most restrictive) value —
 *       RFC 9111 §4.2.1 allows "the first occurrence" or "stale"; the minimum never makes a
 *       response fresher than either reading;
 *   <li>an invalid {@code max-age} or {@code s-maxage} (missing, negative, non-integer) counts as
 *       0, since §4.2.1 encourages treating invalid freshness information as stale; an invalid
 *       value of a directive that would <em>relax</em> the rules ({@code max-stale}, {@code
 *       stale-while-revalidate}, {@code stale-if-error}, {@code min-fresh}) is ignored;
 *   <li>numbers beyond 2^31 saturate to 2^31 seconds (RFC 9111 §1.2.2);
 *   <li>the field-named forms {@code no-cache="Set-Cookie"} and {@code private="X"} are recorded as
 *       qualified; this cache does not strip the named fields, it treats them as the unqualified
 *       directive (the allowed, stricter reading).
 * </ul>
 */
public final class CacheControl {
  /** RFC 9111 §1.2.2: the value a cache uses for delta-seconds it cannot represent. */
  public static final long DELTA_MAX = 2_147_483_648L;

  public static final CacheControl EMPTY = new Builder().build();

  private final long maxAge;
  private final long sMaxAge;
  private final long maxStale;
  private final long minFresh;
  private final long staleWhileRevalidate;
  private final long staleIfError;
  private final boolean noCache;
  private final List<String> noCacheFields;
  private final boolean noStore;
  private final boolean isPrivate;
  private final List<String> privateFields;
  private final boolean isPublic;
  private final boolean mustRevalidate;
  private final boolean proxyRevalidate;
  private final boolean noTransform;
  private final boolean onlyIfCached;
  private final boolean immutable;
  private final boolean mustUnderstand;
  private final Map<String, String> extensions;

  private CacheControl(Builder b) {
    this.maxAge = b.maxAge;
    this.sMaxAge = b.sMaxAge;
    this.maxStale = b.maxStale;
    this.minFresh = b.minFresh;
    this.staleWhileRevalidate = b.staleWhileRevalidate;
    this.staleIfError = b.staleIfError;
    this.noCache = b.noCache;
    this.noCacheFields = List.copyOf(b.noCacheFields);
    this.noStore = b.noStore;
    this.isPrivate = b.isPrivate;
    this.privateFields = List.copyOf(b.privateFields);
    this.isPublic = b.isPublic;
    this.mustRevalidate = b.mustRevalidate;
    this.proxyRevalidate = b.proxyRevalidate;
    this.noTransform = b.noTransform;
    this.onlyIfCached = b.onlyIfCached;
    this.immutable = b.immutable;
    this.mustUnderstand = b.mustUnderstand;
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
  }

  /** Parses every line of {@code fieldName} in {@code fields} (e.g. "Cache-Control"). */
  public static CacheControl of(HttpFields fields, String fieldName) {
    List<String> lines = fields.all(fieldName);
    return lines.isEmpty() ? EMPTY : parse(lines);
  }

  public static CacheControl parse(String value) {
    return value == null ? EMPTY : parse(List.of(value));
  }

  /** Parses several field lines as one list (RFC 9110 §5.3). */
  public static CacheControl parse(List<String> lines) {
    Builder b = new Builder();
    for (String line : lines) {
      parseInto(line, b);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- accessors ----------------------------------------------------------------------------

  public OptionalLong maxAge() {
    return opt(maxAge);
  }

  public OptionalLong sMaxAge() {
    return opt(sMaxAge);
  }

  /** Request {@code max-stale}; a valueless {@code max-stale} is {@link #DELTA_MAX}. */
  public OptionalLong maxStale() {
    return opt(maxStale);
  }

  public OptionalLong minFresh() {
    return opt(minFresh);
  }

  public OptionalLong staleWhileRevalidate() {
    return opt(staleWhileRevalidate);
  }

  public OptionalLong staleIfError() {
    return opt(staleIfError);
  }

  /** {@code no-cache} in either form. */
  public boolean noCache() {
    return noCache;
  }

  /** The field names of {@code no-cache="..."}; empty for the unqualified form. */
  public List<String> noCacheFields() {
    return noCacheFields;
  }

  public boolean noStore() {
    return noStore;
  }

  /** {@code private} in either form. */
  public boolean isPrivate() {
    return isPrivate;
  }

  public List<String> privateFields() {
    return privateFields;
  }

  public boolean isPublic() {
    return isPublic;
  }

  public boolean mustRevalidate() {
    return mustRevalidate;
  }

  public boolean proxyRevalidate() {
    return proxyRevalidate;
  }

  public boolean noTransform() {
    return noTransform;
  }

  public boolean onlyIfCached() {
    return onlyIfCached;
  }

  public boolean immutable() {
    return immutable;
  }

  public boolean mustUnderstand() {
    return mustUnderstand;
  }

  /** Directives this class does not interpret, lower-case name to argument ("" when none). */
  public Map<String, String> extensions() {
    return extensions;
  }

  public boolean isEmpty() {
    return this.equals(EMPTY);
  }

  private static OptionalLong opt(long v) {
    return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheControl c && c.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** A canonical rendering (lower-case names, fixed order), used in logs and tests. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    num(parts, "max-age", maxAge);
    num(parts, "s-maxage", sMaxAge);
    num(parts, "max-stale", maxStale);
    num(parts, "min-fresh", minFresh);
    num(parts, "stale-while-revalidate", staleWhileRevalidate);
    num(parts, "stale-if-error", staleIfError);
    if (noCache) {
      parts.add(noCacheFields.isEmpty() ? "no-cache" : "no-cache=\"" + String.join(", ", noCacheFields) + "\"");
    }
    flag(parts, "no-store", noStore);
    if (isPrivate) {
      parts.add(privateFields.isEmpty() ? "private" : "private=\"" + String.join(", ", privateFields) + "\"");
    }
    flag(parts, "public", isPublic);
    flag(parts, "must-revalidate", mustRevalidate);
    flag(parts, "proxy-revalidate", proxyRevalidate);
    flag(parts, "no-transform", noTransform);
    flag(parts, "only-if-cached", onlyIfCached);
    flag(parts, "immutable", immutable);
    flag(parts, "must-understand", mustUnderstand);
    extensions.forEach((k, v) -> parts.add(v.isEmpty() ? k : k + "=" + v));
    return String.join(", ", parts);
  }

  private static void num(List<String> parts, String name, long v) {
    if (v >= 0) {
      parts.add(name + "=" + v);
    }
  }

  private static void flag(List<String> parts, String name, boolean v) {
    if (v) {
      parts.add(name);
    }
  }

  // ---- parsing ------------------------------------------------------------------------------

  private static void parseInto(String s, Builder b) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < n && isTchar(s.charAt(i))) {
        i++;
      }
      String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
      int j = skipOws(s, i);
      boolean hasValue = false;
      String value = null;
      if (j < n && s.charAt(j) == '=') {
        hasValue = true;
        j = skipOws(s, j + 1);
        if (j < n && s.charAt(j) == '"') {
          StringBuilder sb = new StringBuilder();
          boolean closed = false;
          j++;
          while (j < n) {
            char ch = s.charAt(j);
            if (ch == '\\' && j + 1 < n) {
              sb.append(s.charAt(j + 1));
              j += 2;
            } else if (ch == '"') {
              j++;
              closed = true;
              break;
            } else {
              sb.append(ch);
              j++;
            }
          }
          value = closed ? sb.toString() : null;
        } else {
          int vs = j;
          while (j < n && s.charAt(j) != ',') {
            j++;
          }
          value = s.substring(vs, j).trim();
        }
      }
      j = skipOws(s, j);
      if (j < n && s.charAt(j) != ',') {
        // Junk after the directive: the argument is not trustworthy.
        value = null;
        while (j < n && s.charAt(j) != ',') {
          j++;
        }
      }
      i = Math.max(j, nameStart + 1);
      if (!name.isEmpty()) {
        apply(b, name, hasValue, value);
      }
    }
  }

  private static void apply(Builder b, String name, boolean hasValue, String value) {
    switch (name) {
      case "max-age" -> b.maxAge = min(b.maxAge, deltaOrZero(value));
      case "s-maxage" -> b.sMaxAge = min(b.sMaxAge, deltaOrZero(value));
      case "max-stale" -> {
        long v = hasValue ? delta(value) : DELTA_MAX;
        if (v >= 0) {
          b.maxStale = min(b.maxStale, v);
        }
      }
      case "min-fresh" -> b.minFresh = minIfValid(b.minFresh, delta(value));
      case "stale-while-revalidate" -> b.staleWhileRevalidate = minIfValid(b.staleWhileRevalidate, delta(value));
      case "stale-if-error" -> b.staleIfError = minIfValid(b.staleIfError, delta(value));
      case "no-cache" -> {
        b.noCache = true;
        if (hasValue) {
          addFieldNames(b.noCacheFields, value);
        }
      }
      case "private" -> {
        b.isPrivate = true;
        if (hasValue) {
          addFieldNames(b.privateFields, value);
        }
      }
      case "no-store" -> b.noStore = true;
      case "public" -> b.isPublic = true;
      case "must-revalidate" -> b.mustRevalidate = true;
      case "proxy-revalidate" -> b.proxyRevalidate = true;
      case "no-transform" -> b.noTransform = true;
      case "only-if-cached" -> b.onlyIfCached = true;
      case "immutable" -> b.immutable = true;
      case "must-understand" -> b.mustUnderstand = true;
      default -> b.extensions.putIfAbsent(name, value == null ? "" : value);
    }
  }

  private static void addFieldNames(List<String> out, String value) {
    if (value == null) {
      out.add("*invalid*");
      return;
    }
    for (String f : value.split(",")) {
      String t = f.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    if (out.isEmpty()) {
      out.add("*empty*");
    }
  }

  /** delta-seconds (RFC 9111 §1.2.2): digits only, saturating at 2^31; -1 when invalid. */
  static long delta(String value) {
    if (value == null || value.isEmpty()) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (v < DELTA_MAX) {
        v = v * 10 + (c - '0');
      }
    }
    return Math.min(v, DELTA_MAX);
  }

  private static long deltaOrZero(String value) {
    long v = delta(value);
    return v < 0 ? 0 : v;
  }

  private static long min(long current, long v) {
    return current < 0 ? v : Math.min(current, v);
  }

  private static long minIfValid(long current, long v) {
    return v < 0 ? current : min(current, v);
  }

  private static int skipOws(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  static boolean isTchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * Builds directives programmatically (tests, and the targeted-field parser). Durations in
   * seconds; a negative value means absent.
   */
  public static final class Builder {
    private long maxAge = -1;
    private long sMaxAge = -1;
    private long maxStale = -1;
    private long minFresh = -1;
    private long staleWhileRevalidate = -1;
    private long staleIfError = -1;
    private boolean noCache;
    private final List<String> noCacheFields = new ArrayList<>();
    private boolean noStore;
    private boolean isPrivate;
    private final List<String> privateFields = new ArrayList<>();
    private boolean isPublic;
    private boolean mustRevalidate;
    private boolean proxyRevalidate;
    private boolean noTransform;
    private boolean onlyIfCached;
    private boolean immutable;
    private boolean mustUnderstand;
    private final Map<String, String> extensions = new LinkedHashMap<>();

    private Builder() {}

    public Builder maxAge(long seconds) {
      this.maxAge = Math.min(seconds, DELTA_MAX);
      return this;
    }

    public Builder sMaxAge(long seconds) {
      this.sMaxAge = Math.min(seconds, DELTA_MAX);
      return this;
    }

    public Builder maxStale(long seconds) {
      this.maxStale = Math.min(seconds, DELTA_MAX);
      return this;
    }

    public Builder minFresh(long seconds) {
      this.minFresh = Math.min(seconds, DELTA_MAX);
      return this;
    }

    public Builder staleWhileRevalidate(long seconds) {
      this.staleWhileRevalidate = Math.min(seconds, DELTA_MAX);
      return this;
    }

    public Builder staleIfError(long seconds) {
      this.staleIfError = Math.min(seconds, DELTA_MAX);
      return this;
    }

    public Builder noCache(boolean v) {
      this.noCache = v;
      return this;
    }

    public Builder noCacheQualified(String fieldNames) {
      this.noCache = true;
      addFieldNames(noCacheFields, fieldNames);
      return this;
    }

    public Builder noStore(boolean v) {
      this.noStore = v;
      return this;
    }

    public Builder isPrivate(boolean v) {
      this.isPrivate = v;
      return this;
    }

    public Builder privateQualified(String fieldNames) {
      this.isPrivate = true;
      addFieldNames(privateFields, fieldNames);
      return this;
    }

    public Builder isPublic(boolean v) {
      this.isPublic = v;
      return this;
    }

    public Builder mustRevalidate(boolean v) {
      this.mustRevalidate = v;
      return this;
    }

    public Builder proxyRevalidate(boolean v) {
      this.proxyRevalidate = v;
      return this;
    }

    public Builder noTransform(boolean v) {
      this.noTransform = v;
      return this;
    }

    public Builder onlyIfCached(boolean v) {
      this.onlyIfCached = v;
      return this;
    }

    public Builder immutable(boolean v) {
      this.immutable = v;
      return this;
    }

    public Builder mustUnderstand(boolean v) {
      this.mustUnderstand = v;
      return this;
    }

    public Builder extension(String name, String value) {
      extensions.putIfAbsent(name.toLowerCase(Locale.ROOT), value == null ? "" : value);
      return this;
    }

    public CacheControl build() {
      return new CacheControl(this);
    }
  }
}
