package dev.streamedge.edge.auth;

import java.time.Instant;
import java.util.Objects;

/** The verifier's answer for one request: serve it, or refuse it with a reason. */
public sealed interface AccessDecision {

  boolean allowed();

  /**
   * A valid signature by {@code keyPairId}, a key in one of the behavior's trusted key groups, with
   * a policy that covers this URL, this client and this moment until {@code expires}.
   */
  record Allowed(String keyPairId, PolicyKind kind, Instant expires, TokenSource source)
      implements AccessDecision {
    public Allowed {
      Objects.requireNonNull(keyPairId, "keyPairId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(expires, "expires");
      Objects.requireNonNull(source, "source");
    }

    @Override
    public boolean allowed() {
      return true;
    }
  }

  /**
   * Refused: {@link DenialReason#text()} goes in the 403 body; {@code detail} is for the log only
   * (it may name a key id or a policy field, never key material, and is clipped to a short length).
   */
  record Denied(DenialReason reason, String detail) implements AccessDecision {
    public Denied {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public boolean allowed() {
      return false;
    }

    /** The short reason and the detail, for one log line. */
    @Override
    public String toString() {
      return reason.text() + " (" + detail + ")";
    }
  }
}
