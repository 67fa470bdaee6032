package dev.streamedge.edge.lifecycle;

import dev.streamedge.edge.auth.DenialReason;
import dev.streamedge.edge.cache.CacheKey;
import dev.streamedge.edge.http.RequestHead;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import dev.streamedge.edge.route.Route;
import java.util.function.Supplier;

/** What the lifecycle decided to do with a request; the Netty adapter carries it out. */
public sealed interface Plan {
  /** Answer with a redirect (e.g. 301 to HTTPS for {@code viewerProtocolPolicy: redirect-to-https}). */
  record Redirect(int status, String location) implements Plan {}

  /**
   * Answer with the edge's own error, without contacting an origin.
   *
   * @param denial why signed access was refused, or null for other rejections
   */
  record Reject(EdgeError error, DenialReason denial) implements Plan {
    public Reject(EdgeError error) {
      this(error, null);
    }
  }

  /**
   * Forward to the route's origin and stream the answer back, without the cache.
   *
   * @param invalidatePrefix cache key prefix to purge when the response is a success (an unsafe
   *     method, RFC 9111 §4.4), or null
   */
  record Forward(RequestHead request, Route route, OriginRequest originRequest, String invalidatePrefix)
      implements Plan {}

  /**
   * Serve through the cache: look {@code key} up, and on a miss or a stale entry fill it with
   * {@link #fillRequest()} (collapsed with other requests for the same key). The fill request is
   * built on first use: a hit never needs it.
   */
  final class Cached implements Plan {
    private final RequestHead request;
    private final Route route;
    private final CacheKey key;
    private final Supplier<OriginRequest> fill;
    private OriginRequest fillRequest;

    public Cached(RequestHead request, Route route, CacheKey key, Supplier<OriginRequest> fill) {
      this.request = request;
      this.route = route;
      this.key = key;
      this.fill = fill;
    }

    public RequestHead request() {
      return request;
    }

    public Route route() {
      return route;
    }

    public CacheKey key() {
      return key;
    }

    /** The request a fill sends to the origin (built once, on the viewer's event loop). */
    public OriginRequest fillRequest() {
      if (fillRequest == null) {
        fillRequest = fill.get();
      }
      return fillRequest;
    }
  }
}
