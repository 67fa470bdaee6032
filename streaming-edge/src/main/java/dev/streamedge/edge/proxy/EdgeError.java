package dev.streamedge.edge.proxy;

/**
 * A response the edge makes itself because it could not, or would not, get one from an origin:
 * status plus a short plain-text reason for the viewer (never a stack trace).
 */
public record EdgeError(int status, String reason) {
  public static EdgeError badRequest(String reason) {
    return new EdgeError(400, reason);
  }

  public static EdgeError originRefused(String originId, String address) {
    return new EdgeError(502, "origin '" + originId + "' is unreachable (connection refused to " + address + ")");
  }

  public static EdgeError originConnectTimeout(String originId, String address, int attempts) {
    return new EdgeError(504, "origin '" + originId + "' did not accept a connection at " + address
        + " (" + attempts + " attempt" + (attempts == 1 ? "" : "s") + " timed out)");
  }

  public static EdgeError originReadTimeout(String originId, long millis) {
    return new EdgeError(504, "origin '" + originId + "' did not start a response within " + millis + " ms");
  }

  public static EdgeError originBroken(String originId, String what) {
    return new EdgeError(502, "origin '" + originId + "' sent an invalid response: " + what);
  }

  public static EdgeError originClosed(String originId) {
    return new EdgeError(502, "origin '" + originId + "' closed the connection without a response");
  }

  /** The body text sent to the viewer. */
  public String body() {
    return status + " " + reasonPhrase(status) + ": " + reason + "\n";
  }

  public static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 416 -> "Range Not Satisfiable";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 508 -> "Loop Detected";
      default -> "Error";
    };
  }
}
