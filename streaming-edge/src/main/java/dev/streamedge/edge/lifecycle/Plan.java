package dev.streamedge.edge.lifecycle;

import dev.streamedge.edge.http.RequestHead;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import dev.streamedge.edge.route.Route;

/** What the lifecycle decided to do with a request; the Netty adapter carries it out. */
public sealed interface Plan {
  /** Answer with the edge's own error, without contacting an origin. */
  record Reject(EdgeError error) implements Plan {}

  /** Forward to the route's origin and stream the answer back. */
  record Forward(RequestHead request, Route route, OriginRequest originRequest) implements Plan {}
}
