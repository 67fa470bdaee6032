package dev.streamedge.edge.accesslog;

/**
 * The viewer's HTTP version: {@code cs-protocol-version} in the log (CloudFront's spelling, e.g.
 * {@code HTTP/2.0}) and the {@code protocol} label of the request metrics.
 */
public enum ProtocolVersion {
  HTTP_1_0("HTTP/1.0", "http1.0"),
  HTTP_1_1("HTTP/1.1", "http1.1"),
  HTTP_2("HTTP/2.0", "h2"),
  HTTP_3("HTTP/3.0", "h3"),
  /** Not known (e.g. a request line too broken to say). Logged as {@code -}. */
  OTHER(null, "other");

  private final String token;
  private final String label;

  ProtocolVersion(String token, String label) {
    this.token = token;
    this.label = label;
  }

  /** As CloudFront writes it in the log; null for {@link #OTHER}. */
  public String token() {
    return token;
  }

  /** The metrics label value. */
  public String label() {
    return label;
  }

  /** From a request line's version ({@code HTTP/1.1}, {@code HTTP/2}, {@code HTTP/2.0}…). */
  public static ProtocolVersion of(String version) {
    if (version == null) {
      return OTHER;
    }
    return switch (version) {
      case "HTTP/1.1" -> HTTP_1_1;
      case "HTTP/1.0" -> HTTP_1_0;
      case "HTTP/2", "HTTP/2.0" -> HTTP_2;
      case "HTTP/3", "HTTP/3.0" -> HTTP_3;
      default -> OTHER;
    };
  }
}
