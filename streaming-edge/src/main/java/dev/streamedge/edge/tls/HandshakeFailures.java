package dev.streamedge.edge.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * A short reason for a failed TLS handshake with an origin, for the viewer's 502 and the log: what
 * an operator can act on (untrusted issuer, expired, wrong name, refused by the origin) rather than
 * the TLS library's nested exceptions.
 */
public final class HandshakeFailures {
  private HandshakeFailures() {}

  /** The reason for {@code failure} (any exception raised by a handshake, however wrapped). */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "the origin's certificate has expired (" + t.getMessage() + ")";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "the origin's certificate is not valid yet (" + t.getMessage() + ")";
      }
      if (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
        return "the origin's certificate has expired";
      }
      if (t instanceof CertPathBuilderException) {
        return "the origin's certificate is not trusted (no chain to a trusted CA; check the origin's "
            + "intermediates, or set caFile)";
      }
      String m = t.getMessage() == null ? "" : t.getMessage();
      String lower = m.toLowerCase(Locale.ROOT);
      if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
        return "the origin's certificate does not name this host (" + m + ")";
      }
      if (lower.contains("unable to find valid certification path")) {
        return "the origin's certificate is not trusted (no chain to a trusted CA; check the origin's "
            + "intermediates, or set caFile)";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (m.toLowerCase(Locale.ROOT).contains("alert")) {
      return "the origin refused the handshake (" + m + ")";
    }
    return m;
  }
}
