package dev.streamedge.edge.auth;

/** A canned policy is rebuilt from the URL and {@code Expires}; a custom one travels with the token. */
public enum PolicyKind {
  CANNED,
  CUSTOM
}
