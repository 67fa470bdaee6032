package dev.streamedge.edge.range;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The exact layout of a {@code multipart/byteranges} body (RFC 9110 §14.6, RFC 2046 §5.1.1), so
 * that the edge knows the Content-Length before sending a byte and streams the parts from the
 * store one range at a time:
 *
 * <pre>
 *   --BOUNDARY CRLF
 *   Content-Type: video/mp4 CRLF          (omitted when the representation has none)
 *   Content-Range: bytes 0-99/1000 CRLF
 *   CRLF
 *   &lt;bytes 0-99&gt;
 *   CRLF --BOUNDARY CRLF
 *   ...
 *   CRLF --BOUNDARY-- CRLF
 * </pre>
 *
 * The boundary is chosen by the caller (random per response); it is restricted to 1–70 characters
 * from {@code A-Z a-z 0-9 ' + _ - .} so it is a valid token in the Content-Type parameter.
 */
public final class MultipartByteranges {
  private MultipartByteranges() {}

  /**
   * One part: its ASCII header block (boundary line through the blank line, preceded by CRLF for
   * all but the first part), then {@code length} body bytes from {@code offset}.
   */
  public record Part(String header, long offset, long length) {
    public Part {
      Objects.requireNonNull(header, "header");
    }
  }

  /**
   * @param contentType the response's Content-Type field value
   * @param parts the parts in order
   * @param closingDelimiter written after the last part
   * @param contentLength the exact body length
   */
  public record Plan(String contentType, List<Part> parts, String closingDelimiter, long contentLength) {
    public Plan {
      parts = List.copyOf(parts);
    }
  }

  /**
   * Lays out a multipart body for {@code ranges} of a {@code completeLength}-byte representation.
   *
   * @param partContentType the representation's Content-Type, or null when it has none
   * @throws IllegalArgumentException for a bad boundary or a content type with control characters
   */
  public static Plan plan(List<ByteRange> ranges, long completeLength, String partContentType, String boundary) {
    Objects.requireNonNull(ranges, "ranges");
    if (!isValidBoundary(boundary)) {
      throw new IllegalArgumentException("invalid multipart boundary '" + boundary + "'");
    }
    if (partContentType != null) {
      for (int i = 0; i < partContentType.length(); i++) {
        char c = partContentType.charAt(i);
        if ((c < 0x20 && c != '\t') || c >= 0x7F) {
          throw new IllegalArgumentException("content type has a control or non-ASCII character");
        }
      }
    }
    List<Part> parts = new ArrayList<>(ranges.size());
    long total = 0;
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange r = ranges.get(i);
      StringBuilder h = new StringBuilder(96);
      if (i > 0) {
        h.append("\r\n");
      }
      h.append("--").append(boundary).append("\r\n");
      if (partContentType != null) {
        h.append("Content-Type: ").append(partContentType).append("\r\n");
      }
      h.append("Content-Range: ").append(ContentRange.of(r, completeLength)).append("\r\n\r\n");
      String header = h.toString();
      parts.add(new Part(header, r.first(), r.length()));
      total = Math.addExact(total, Math.addExact(header.length(), r.length()));
    }
    String closing = "\r\n--" + boundary + "--\r\n";
    total = Math.addExact(total, closing.length());
    return new Plan("multipart/byteranges; boundary=" + boundary, parts, closing, total);
  }

  /** 1–70 characters from {@code A-Z a-z 0-9 ' + _ - .}. */
  public static boolean isValidBoundary(String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      return false;
    }
    for (int i = 0; i < boundary.length(); i++) {
      char c = boundary.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '\'' || c == '+' || c == '_' || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
