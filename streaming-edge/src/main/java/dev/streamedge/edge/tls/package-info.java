/**
 * TLS material the edge serves and trusts, with the JDK alone: PEM certificate chains and private
 * keys read into a {@link dev.streamedge.edge.tls.CertifiedKey} (chain and key checked to belong
 * together), the host names a certificate serves (configured exact and {@code *.} wildcard names,
 * or the certificate's subjectAltName), and short reasons for failed origin handshakes.
 *
 * <p>Nothing here reads files or touches Netty: callers pass PEM text in, so the rules are testable
 * as plain tables. The Netty side (SNI, ALPN, reloading) lives in {@code dev.streamedge.edge.netty}
 * ({@code TlsCertificates}, {@code TlsListener}, {@code OriginTls}); docs/tls.md explains setup.
 */
package dev.streamedge.edge.tls;
