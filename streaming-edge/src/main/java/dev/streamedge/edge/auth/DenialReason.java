package dev.streamedge.edge.auth;

/**
 * Why a request for protected content is refused. Every denial is a 403; {@link #text()} is the
 * short reason for the response body and the log, safe to show a client (it says nothing a client
 * could not learn by trying).
 */
public enum DenialReason {
  /** No signing parameters and no signed cookies, or an incomplete set. */
  MISSING("missing signature"),
  EXPIRED("expired"),
  NOT_YET_VALID("not yet valid"),
  /** The URL is not the canned policy's resource / does not match the custom policy's pattern. */
  WRONG_RESOURCE("wrong resource"),
  WRONG_IP("wrong IP"),
  BAD_SIGNATURE("bad signature"),
  /** The key-pair id is in none of the behavior's trusted key groups (or in no group at all). */
  UNKNOWN_KEY_ID("unknown key id"),
  /** Undecodable base64, policy that is not the strict JSON shape, bad numbers, duplicates. */
  MALFORMED("malformed"),
  POLICY_TOO_LARGE("policy too large"),
  UNSUPPORTED_HASH("unsupported hash algorithm");

  private final String text;

  DenialReason(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
