package dev.streamedge.edge.auth;

/** Where the accepted signature came from. When the URL carries signing parameters, it decides. */
public enum TokenSource {
  SIGNED_URL,
  SIGNED_COOKIES
}
