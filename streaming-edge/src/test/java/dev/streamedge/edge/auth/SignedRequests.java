package dev.streamedge.edge.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;

/** Builds {@link SignedRequest}s the way the edge will: strip the query, keep the Cookie lines. */
final class SignedRequests {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  static final Instant EXP = NOW.plusSeconds(3600);
  static final String BASE = "https://cdn.example.com";
  static final InetAddress CLIENT = ip("192.0.2.10");
  static final InetAddress CLIENT6 = ip("2001:db8:1:2::10");

  /** K_RSA and K_EC in "subscribers", K_OTHER in "partners". */
  static final KeyGroups GROUPS = KeyGroups.of(List.of(
      KeyGroup.of("subscribers", List.of(
          TestKeys.trusted("K2JCJMDEHXQW5F", TestKeys.RSA),
          TestKeys.trusted("KECP256TESTKEY", TestKeys.EC))),
      KeyGroup.of("partners", List.of(TestKeys.trusted("KOTHERGROUPKEY", TestKeys.OTHER_RSA)))));
  static final String K_RSA = "K2JCJMDEHXQW5F";
  static final String K_EC = "KECP256TESTKEY";
  static final String K_OTHER = "KOTHERGROUPKEY";
  static final List<String> TRUSTED = List.of("subscribers");

  private SignedRequests() {}

  static CloudFrontSigner signer(String id, KeyPair pair) {
    return CloudFrontSigner.of(id, pair.getPrivate());
  }

  static CloudFrontSigner rsa() {
    return signer(K_RSA, TestKeys.RSA);
  }

  static CloudFrontSigner ec() {
    return signer(K_EC, TestKeys.EC);
  }

  /** A request for {@code url} (which may carry signing parameters) with these Cookie lines. */
  static SignedRequest get(String url, Instant now, InetAddress client, String... cookies) {
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    SigningParams.StrippedQuery stripped = SigningParams.strip(q < 0 ? "" : url.substring(q + 1));
    return new SignedRequest(stripped.appendTo(base), stripped.params(), List.of(cookies), client,
        now);
  }

  static SignedRequest get(String url, String... cookies) {
    return get(url, NOW, CLIENT, cookies);
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
