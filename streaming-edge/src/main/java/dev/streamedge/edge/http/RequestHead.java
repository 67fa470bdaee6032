package dev.streamedge.edge.http;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A viewer's request as the lifecycle sees it: method, target split into raw path and query,
 * protocol, fields and where it came from. The path and query are kept exactly as received
 * (percent-encoded), because cache keys and signed-URL resources are defined over the raw form.
 *
 * @param rawQuery the query string without '?', or null when the target had none
 * @param scheme "http" or "https": how the viewer reached the edge
 */
public record RequestHead(
    String method,
    String path,
    String rawQuery,
    String protocol,
    HttpFields headers,
    InetSocketAddress client,
    String scheme) {
  public RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(scheme, "scheme");
  }

  /** Path plus {@code ?query} when there is one. */
  public String pathAndQuery() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  public boolean isHead() {
    return method.equals("HEAD");
  }

  /** GET, HEAD and OPTIONS: the methods that may be retried or failed over. */
  public boolean isIdempotentRead() {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }
}
