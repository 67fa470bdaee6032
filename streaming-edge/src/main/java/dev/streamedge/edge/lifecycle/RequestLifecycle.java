package dev.streamedge.edge.lifecycle;

import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import dev.streamedge.edge.http.RequestTarget;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.ProxyHeaders;
import dev.streamedge.edge.route.BehaviorRouter;
import dev.streamedge.edge.route.Route;
import java.net.InetSocketAddress;

/**
 * The edge's request lifecycle as one ordered list of stages (see docs/architecture.md):
 *
 * <pre>
 * Parse → Route → Authorize → CacheLookup → [hit] Respond
 *                                         → [stale] Revalidate → Respond
 *                                         → [miss] Collapse → Fetch → Store → Respond
 *       → Log
 * </pre>
 *
 * Each stage decides and returns a value; short-circuits are typed {@link Plan}s, not exceptions.
 * This class does no I/O; the Netty adapter executes the plan.
 */
public final class RequestLifecycle {
  private final BehaviorRouter router;
  private final ProxyHeaders proxyHeaders;

  public RequestLifecycle(BehaviorRouter router, ProxyHeaders proxyHeaders) {
    this.router = router;
    this.proxyHeaders = proxyHeaders;
  }

  public ProxyHeaders proxyHeaders() {
    return proxyHeaders;
  }

  /** Parse → Route → Authorize → … for a request as it arrived. */
  public Plan plan(
      String method, String uri, String protocol, HttpFields headers, InetSocketAddress client, String scheme) {
    // Parse
    RequestTarget t = RequestTarget.parse(uri);
    if (t instanceof RequestTarget.Invalid invalid) {
      return new Plan.Reject(EdgeError.badRequest(invalid.reason()));
    }
    RequestTarget.Valid v = (RequestTarget.Valid) t;
    return plan(new RequestHead(method, v.path(), v.rawQuery(), protocol, headers, client, scheme));
  }

  /** Route → Authorize → (cache stages come here) → Fetch. */
  public Plan plan(RequestHead request) {
    // Route
    Route route = router.route(request.path());
    if (!route.behavior().allows(request.method())) {
      return new Plan.Reject(new EdgeError(403,
          "method " + request.method() + " is not allowed for path pattern '" + route.behavior().label() + "'"));
    }
    // Fetch
    return new Plan.Forward(request, route, proxyHeaders.originRequest(request, route.origin()));
  }
}
