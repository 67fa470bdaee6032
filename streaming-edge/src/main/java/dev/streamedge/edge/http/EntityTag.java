package dev.streamedge.edge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An entity tag (RFC 9110 §8.8.3): an opaque quoted string, optionally marked weak ({@code W/}).
 *
 * <p>Strong comparison (§8.8.3.2) needs both tags strong and equal; weak comparison ignores the
 * weakness flags. Values that are not valid entity tags (for example an origin's unquoted {@code
 * ETag: abc}) parse to nothing, so they never match anything — the safe direction for both
 * conditional requests and If-Range.
 *
 * @param opaque the characters between the quotes
 * @param weak whether the tag was prefixed with {@code W/}
 */
public record EntityTag(String opaque, boolean weak) {
  public EntityTag {
    Objects.requireNonNull(opaque, "opaque");
  }

  public static EntityTag strong(String opaque) {
    return new EntityTag(opaque, false);
  }

  public static EntityTag weak(String opaque) {
    return new EntityTag(opaque, true);
  }

  /** Parses one entity tag (surrounding whitespace allowed); empty if the value is not one. */
  public static Optional<EntityTag> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String s = value.trim();
    boolean weak = s.startsWith("W/");
    int start = weak ? 2 : 0;
    if (s.length() < start + 2 || s.charAt(start) != '"' || s.charAt(s.length() - 1) != '"') {
      return Optional.empty();
    }
    String opaque = s.substring(start + 1, s.length() - 1);
    for (int i = 0; i < opaque.length(); i++) {
      if (!isEtagChar(opaque.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(new EntityTag(opaque, weak));
  }

  /**
   * Parses the list form of If-Match / If-None-Match: {@code *} is returned as {@link
   * TagList#star()}; a malformed list as {@link TagList#invalid()}. Commas may occur inside quoted
   * tags, so the list is split by a small scanner, not by {@code split(",")}.
   */
  public static TagList parseList(String value) {
    if (value == null) {
      return TagList.invalid();
    }
    String s = value.trim();
    if (s.equals("*")) {
      return TagList.star();
    }
    List<EntityTag> tags = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int start = i;
      if (s.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= n || s.charAt(i) != '"') {
        return TagList.invalid();
      }
      int close = s.indexOf('"', i + 1);
      if (close < 0) {
        return TagList.invalid();
      }
      Optional<EntityTag> tag = parse(s.substring(start, close + 1));
      if (tag.isEmpty()) {
        return TagList.invalid();
      }
      tags.add(tag.get());
      i = close + 1;
      // After a tag only OWS and then a comma (or the end) may follow.
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      if (i < n && s.charAt(i) != ',') {
        return TagList.invalid();
      }
    }
    return tags.isEmpty() ? TagList.invalid() : new TagList(false, true, List.copyOf(tags));
  }

  /** RFC 9110 §8.8.3.2 strong comparison. */
  public boolean strongMatches(EntityTag other) {
    return !weak && !other.weak && opaque.equals(other.opaque);
  }

  /** RFC 9110 §8.8.3.2 weak comparison. */
  public boolean weakMatches(EntityTag other) {
    return opaque.equals(other.opaque);
  }

  /** The field-value form: {@code "xyz"} or {@code W/"xyz"}. */
  @Override
  public String toString() {
    return (weak ? "W/\"" : "\"") + opaque + '"';
  }

  private static boolean isEtagChar(char c) {
    // etagc = %x21 / %x23-7E / obs-text
    return c == 0x21 || (c >= 0x23 && c <= 0x7E) || c >= 0x80;
  }

  /**
   * A parsed If-Match / If-None-Match value.
   *
   * @param wildcard the value was {@code *}
   * @param valid the value parsed (a malformed list is not)
   * @param tags the listed tags, in order
   */
  public record TagList(boolean wildcard, boolean valid, List<EntityTag> tags) {
    private static final TagList STAR = new TagList(true, true, List.of());
    private static final TagList INVALID = new TagList(false, false, List.of());

    public TagList {
      tags = List.copyOf(tags);
    }

    public static TagList star() {
      return STAR;
    }

    public static TagList invalid() {
      return INVALID;
    }

    public boolean containsStrong(EntityTag tag) {
      for (EntityTag t : tags) {
        if (t.strongMatches(tag)) {
          return true;
        }
      }
      return false;
    }

    public boolean containsWeak(EntityTag tag) {
      for (EntityTag t : tags) {
        if (t.weakMatches(tag)) {
          return true;
        }
      }
      return false;
    }
  }
}
