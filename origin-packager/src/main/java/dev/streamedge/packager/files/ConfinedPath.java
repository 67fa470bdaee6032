package dev.streamedge.packager.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the part of a request path below a served folder into plain segments, refusing anything that
 * could step outside the folder before the file system is touched (OWASP path traversal):
 * {@code .} and {@code ..} segments (also percent-encoded, {@code %2e%2e}), encoded separators
 * ({@code %2f}, {@code %5c}), backslashes, NUL and other control characters, malformed percent escapes
 * and invalid UTF-8. Symlinks are the caller's check, after resolution.
 */
public final class ConfinedPath {
  private ConfinedPath() {}

  /** The outcome: the decoded segments, or why the path is refused. */
  public sealed interface Decoded {}

  /** Safe segments, none empty, none {@code .} or {@code ..}. */
  public record Segments(List<String> segments) implements Decoded {
    public Segments {
      segments = List.copyOf(segments);
    }
  }

  /** A refused path with a short reason for the 400 answer. */
  public record Refused(String reason) implements Decoded {}

  public static Decoded decode(String rawRelative) {
    if (rawRelative.isEmpty()) {
      return new Refused("empty path");
    }
    List<String> segments = new ArrayList<>();
    String[] raw = rawRelative.split("/", -1);
    for (int i = 0; i < raw.length; i++) {
      String r = raw[i];
      if (r.isEmpty()) {
        return new Refused(i == raw.length - 1 ? "directory listing is not offered" : "empty path segment");
      }
      String s = percentDecode(r);
      if (s == null) {
        return new Refused("malformed percent-encoding");
      }
      if (s.equals(".") || s.equals("..")) {
        return new Refused("dot segments are not allowed");
      }
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (c == '/' || c == '\\') {
          return new Refused("encoded path separators are not allowed");
        }
        if (c < 0x20 || c == 0x7f) {
          return new Refused("control characters are not allowed");
        }
      }
      segments.add(s);
    }
    return new Segments(segments);
  }

  /** RFC 3986 percent-decoding into UTF-8; null when an escape is malformed or the bytes are not UTF-8. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c > 0x7f) {
        return null;
      } else {
        out.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
