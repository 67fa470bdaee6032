package dev.streamedge.edge.accesslog;

/** Where a response came from: the first fact {@link EdgeResult#classify} needs. */
public enum ResponseSource {
  /**
   * From the store without asking the origin: a fresh hit, a 304/206/416 answered from a stored
   * object, or stale content served under {@code stale-while-revalidate}/{@code stale-if-error}.
   */
  CACHE,
  /** A stale stored object the origin confirmed with 304, then served from the store. */
  REVALIDATED,
  /** From the origin: a cache fill (miss), a revalidation that brought a new object, a pass-through. */
  ORIGIN,
  /** Made by the edge itself without cache or origin: 400, 403 (signed access), 405, 503 overload. */
  EDGE,
  /** A redirect the edge makes itself (not one passed on from the origin). */
  EDGE_REDIRECT
}
