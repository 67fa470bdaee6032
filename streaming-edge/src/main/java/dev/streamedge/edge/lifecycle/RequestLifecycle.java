package dev.streamedge.edge.lifecycle;

import dev.streamedge.edge.auth.SignedAccessGate;
import dev.streamedge.edge.cache.CacheKey;
import dev.streamedge.edge.cache.OriginForwarding;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import dev.streamedge.edge.http.RequestTarget;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import dev.streamedge.edge.proxy.ProxyHeaders;
import dev.streamedge.edge.route.BehaviorRouter;
import dev.streamedge.edge.route.Route;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(RequestLifecycle.class);

  private static final java.util.Set<String> UNSAFE = java.util.Set.of("POST", "PUT", "PATCH", "DELETE");

  private final BehaviorRouter router;
  private final ProxyHeaders proxyHeaders;
  private final SignedAccessGate gate;
  private final Clock clock;
  private final URI publicBaseUrl;
  private volatile int httpsPort;

  /**
   * @param gate the signed-access check, or null when the distribution has no key groups
   */
  public RequestLifecycle(BehaviorRouter router, ProxyHeaders proxyHeaders, SignedAccessGate gate, Clock clock,
      URI publicBaseUrl) {
    this.router = router;
    this.proxyHeaders = proxyHeaders;
    this.gate = gate;
    this.clock = clock;
    this.publicBaseUrl = publicBaseUrl;
  }

  /** The port HTTPS redirects point at (the TLS listener's, once bound); 443 when unset. */
  public void httpsPort(int port) {
    this.httpsPort = port;
  }

  public ProxyHeaders proxyHeaders() {
    return proxyHeaders;
  }

  private String httpsLocation(RequestHead request) {
    if (publicBaseUrl != null && "https".equalsIgnoreCase(publicBaseUrl.getScheme())) {
      String base = publicBaseUrl.toString();
      return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + request.pathAndQuery();
    }
    String host = request.headers().get("Host");
    if (host == null || host.isBlank()) {
      host = publicBaseUrl != null ? publicBaseUrl.getHost() : "localhost";
    }
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end > 0 ? host.substring(0, end + 1) : host;
    } else if (host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    int port = httpsPort;
    return "https://" + host + (port == 0 || port == 443 ? "" : ":" + port) + request.pathAndQuery();
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
    // A request that went round the CDN more often than edge → shield allows is a loop (RFC 8586).
    if (ProxyHeaders.loopCount(request.headers()) > ProxyHeaders.MAX_LOOP_HOPS) {
      return new Plan.Reject(new EdgeError(508, "request loop: this CDN already handled it "
          + ProxyHeaders.loopCount(request.headers()) + " times (CDN-Loop)"));
    }
    // Route
    Route route = router.route(request.path());
    // Viewer protocol policy (CloudFront's names).
    String protocolPolicy = route.behavior().viewerProtocolPolicy();
    if (request.scheme().equals("http") && !protocolPolicy.equals("allow-all")) {
      if (protocolPolicy.equals("https-only")) {
        return new Plan.Reject(new EdgeError(403, "this path is served over HTTPS only"));
      }
      return new Plan.Redirect(301, httpsLocation(request));
    }
    if (!route.behavior().allows(request.method())) {
      return new Plan.Reject(new EdgeError(403,
          "method " + request.method() + " is not allowed for path pattern '" + route.behavior().label() + "'"));
    }
    // Authorize
    if (route.behavior().requiresSignature()) {
      if (gate == null) {
        return new Plan.Reject(new EdgeError(403, "signed access is required but no key groups are configured"));
      }
      SignedAccessGate.Outcome outcome = gate.check(request, route.behavior(), clock.instant());
      if (outcome instanceof SignedAccessGate.Outcome.Deny deny) {
        log.info("403 {} {}: {}", request.method(), request.path(), deny.decision());
        return new Plan.Reject(new EdgeError(403, deny.decision().reason().text()), deny.decision().reason());
      }
      request = ((SignedAccessGate.Outcome.Pass) outcome).request();
    }
    // CacheLookup happens in the adapter (it blocks on the store); here: is the cache used at all?
    String m = request.method();
    CacheSetup cache = route.cache();
    if ((m.equals("GET") || m.equals("HEAD")) && route.behavior().cachedMethods().contains(m)
        && !request.headers().contains("Authorization")) {
      CacheKey key = cache.keyPolicy().keyFor(request.path(), request.rawQuery(), request.headers());
      RequestHead viewerRequest = request;
      return new Plan.Cached(request, route, key, () -> fillRequest(viewerRequest, route));
    }
    // Fetch without the cache. A successful unsafe method invalidates what is stored for its URL.
    String invalidate = UNSAFE.contains(m)
        ? CacheKey.urlPrefix(cache.keyPolicy().urlPart(request.path(), request.rawQuery())) : null;
    return new Plan.Forward(request, route, proxyHeaders.originRequest(request, route.origin()), invalidate);
  }

  /** The GET a cache fill sends: the origin request policy applied to the viewer's request. */
  private OriginRequest fillRequest(RequestHead request, Route route) {
    OriginForwarding.ForwardedRequest fwd =
        route.cache().forwarding().forward(request.path(), request.rawQuery(), request.headers(), true);
    String pq = fwd.pathAndQuery();
    int q = pq.indexOf('?');
    RequestHead fillHead = new RequestHead("GET", q < 0 ? pq : pq.substring(0, q), q < 0 ? null : pq.substring(q + 1),
        request.protocol(), fwd.headers(), request.client(), request.scheme());
    return proxyHeaders.originRequest(fillHead, route.origin());
  }
}
