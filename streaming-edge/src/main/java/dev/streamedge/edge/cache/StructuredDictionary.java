package dev.streamedge.edge.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal RFC 8941 §4.2.2 Dictionary parser, enough for targeted cache-control fields (RFC 9213
 * §2.1 defines them as Dictionaries). It validates the full grammar (keys, integers, decimals,
 * strings, tokens, byte sequences, booleans, inner lists, parameters) so that a field which does
 * not parse can be ignored as a whole, as RFC 9213 requires; it keeps only what the cache needs:
 * each member's type and its integer or string value. Duplicate keys: the last one wins (RFC 8941).
 */
final class StructuredDictionary {
  /** The type of a member's value. */
  enum Type { INTEGER, DECIMAL, STRING, TOKEN, BYTES, BOOLEAN, INNER_LIST }

  /**
   * One member value.
   *
   * @param integer the value of an INTEGER
   * @param text the value of a STRING or TOKEN
   * @param bool the value of a BOOLEAN ({@code key} alone is {@code ?1})
   */
  record Item(Type type, long integer, String text, boolean bool) {}

  private final String s;
  private int i;

  private StructuredDictionary(String s) {
    this.s = s;
  }

  /** The members in order, or empty when {@code value} is not a valid Dictionary. */
  static Optional<Map<String, Item>> parse(String value) {
    try {
      return Optional.of(new StructuredDictionary(value).dictionary());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Map<String, Item> dictionary() {
    Map<String, Item> out = new LinkedHashMap<>();
    skipSp();
    while (i < s.length()) {
      String key = key();
      Item item;
      if (peek() == '=') {
        i++;
        item = peek() == '(' ? innerList() : bareItem();
      } else {
        item = new Item(Type.BOOLEAN, 0, null, true);
      }
      parameters();
      out.remove(key);
      out.put(key, item);
      skipOws();
      if (i >= s.length()) {
        return out;
      }
      if (s.charAt(i) != ',') {
        throw fail();
      }
      i++;
      skipOws();
      if (i >= s.length()) {
        throw fail(); // trailing comma
      }
    }
    return out;
  }

  private Item innerList() {
    i++; // '('
    while (true) {
      skipSp();
      if (peek() == ')') {
        i++;
        return new Item(Type.INNER_LIST, 0, null, false);
      }
      bareItem();
      parameters();
      char c = peek();
      if (c != ' ' && c != ')') {
        throw fail();
      }
    }
  }

  private void parameters() {
    while (peek() == ';') {
      i++;
      skipSp();
      key();
      if (peek() == '=') {
        i++;
        bareItem();
      }
    }
  }

  private String key() {
    int start = i;
    char c = peek();
    if (!((c >= 'a' && c <= 'z') || c == '*')) {
      throw fail();
    }
    i++;
    while (i < s.length()) {
      c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') {
        i++;
      } else {
        break;
      }
    }
    return s.substring(start, i);
  }

  private Item bareItem() {
    char c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    if (c == '"') {
      return string();
    }
    if (c == '*' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      int start = i++;
      while (i < s.length() && (CacheControl.isTchar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
        i++;
      }
      return new Item(Type.TOKEN, 0, s.substring(start, i), false);
    }
    if (c == ':') {
      i++;
      while (i < s.length() && s.charAt(i) != ':') {
        char b = s.charAt(i);
        if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '+' || b == '/' || b == '=')) {
          throw fail();
        }
        i++;
      }
      if (i >= s.length()) {
        throw fail();
      }
      i++;
      return new Item(Type.BYTES, 0, null, false);
    }
    if (c == '?') {
      i++;
      char b = peek();
      if (b != '0' && b != '1') {
        throw fail();
      }
      i++;
      return new Item(Type.BOOLEAN, 0, null, b == '1');
    }
    throw fail();
  }

  private Item number() {
    boolean negative = false;
    if (peek() == '-') {
      negative = true;
      i++;
    }
    int start = i;
    int dot = -1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
      } else if (c == '.' && dot < 0) {
        dot = i++;
      } else {
        break;
      }
    }
    int len = i - start;
    if (len == 0 || (dot < 0 && len > 15)) {
      throw fail();
    }
    if (dot >= 0) {
      int intDigits = dot - start;
      int fracDigits = i - dot - 1;
      if (intDigits == 0 || intDigits > 12 || fracDigits < 1 || fracDigits > 3) {
        throw fail();
      }
      return new Item(Type.DECIMAL, 0, null, false);
    }
    long v = Long.parseLong(s.substring(start, i));
    return new Item(Type.INTEGER, negative ? -v : v, null, false);
  }

  private Item string() {
    i++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '\\') {
        if (i >= s.length()) {
          throw fail();
        }
        char e = s.charAt(i++);
        if (e != '"' && e != '\\') {
          throw fail();
        }
        sb.append(e);
      } else if (c == '"') {
        return new Item(Type.STRING, 0, sb.toString(), false);
      } else if (c < 0x20 || c > 0x7E) {
        throw fail();
      } else {
        sb.append(c);
      }
    }
    throw fail();
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void skipSp() {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
  }

  private void skipOws() {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
  }

  private static IllegalArgumentException fail() {
    return new IllegalArgumentException("not a structured dictionary");
  }
}
