package dev.streamedge.edge.auth;

/**
 * A token part that cannot be decoded or parsed. Checked and package-internal in spirit: the
 * verifier turns it into {@link DenialReason#MALFORMED}; it never reaches a caller of {@link
 * SignedAccessVerifier#verify}. Public only because {@link CloudFrontBase64#decode} is.
 */
public final class MalformedTokenException extends Exception {
  public MalformedTokenException(String message) {
    super(message, null, false, false);
  }
}
