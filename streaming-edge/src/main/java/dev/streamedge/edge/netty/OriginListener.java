package dev.streamedge.edge.netty;

/** What an origin connection reports to the exchange currently using it. Runs on its event loop. */
interface OriginListener {
  /** A decoded HttpObject; the listener owns it and must release it. */
  void onOriginMessage(Object msg);

  void onOriginReadComplete();

  void onOriginWritable();

  /** The connection closed or failed; {@code cause} is null for a plain close. */
  void onOriginClosed(Throwable cause);
}
