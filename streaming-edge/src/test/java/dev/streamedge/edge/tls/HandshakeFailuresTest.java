package dev.streamedge.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakeFailuresTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(wrapped(new CertPathBuilderException("unable to find valid certification path to requested target")),
            "not trusted"),
        Arguments.of(new SSLHandshakeException("PKIX path building failed: sun.security.provider.certpath."
            + "SunCertPathBuilderException: unable to find valid certification path to requested target"), "not trusted"),
        Arguments.of(wrapped(new CertificateExpiredException("NotAfter: Mon Jan 01 00:00:00 UTC 2024")), "has expired"),
        Arguments.of(wrapped(new CertificateException("No subject alternative DNS name matching origin.test found.")),
            "does not name this host"),
        Arguments.of(wrapped(new CertificateException("No subject alternative names matching IP address 127.0.0.1 found")),
            "does not name this host"),
        Arguments.of(new SSLHandshakeException("Received fatal alert: handshake_failure"), "refused the handshake"),
        Arguments.of(new SSLHandshakeException("something else"), "something else"));
  }

  private static Throwable wrapped(Throwable cause) {
    SSLHandshakeException e = new SSLHandshakeException("handshake failed");
    e.initCause(new RuntimeException("wrapper", cause));
    return e;
  }

  @ParameterizedTest
  @MethodSource("failures")
  void describesWhatAnOperatorCanFix(Throwable failure, String expected) {
    assertThat(HandshakeFailures.describe(failure)).contains(expected);
  }
}
