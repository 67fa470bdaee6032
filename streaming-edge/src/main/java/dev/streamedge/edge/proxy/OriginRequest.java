package dev.streamedge.edge.proxy;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.http.HttpFields;
import java.util.Objects;

/**
 * The request the edge sends to an origin: method, origin-form target and fields. The body, if
 * any, is the viewer's, streamed by the adapter.
 */
public record OriginRequest(Origin origin, String method, String target, HttpFields headers) {
  public OriginRequest {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(headers, "headers");
  }

  public OriginRequest withHeaders(HttpFields h) {
    return new OriginRequest(origin, method, target, h);
  }

  public OriginRequest withMethod(String m) {
    return new OriginRequest(origin, m, target, headers);
  }

  public OriginRequest withOrigin(Origin o, String newTarget) {
    return new OriginRequest(o, method, newTarget, headers.with("Host", o.hostHeader()));
  }
}
