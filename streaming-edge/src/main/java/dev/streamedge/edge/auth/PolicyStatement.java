package dev.streamedge.edge.auth;

import java.net.InetAddress;
import java.time.Instant;

/**
 * A policy whose signature has been checked, reduced to what each request is tested against. For a
 * canned policy the resource was the request's own URL, so only the expiry is left to test.
 *
 * @param resource the custom policy's pattern; null for canned policies and for a custom policy
 *     without {@code Resource} (which grants any URL, as in CloudFront)
 * @param notBefore {@code DateGreaterThan} in epoch seconds, or {@link Long#MIN_VALUE}
 * @param sourceIp the allowed client range, or null
 */
record PolicyStatement(
    PolicyKind kind, ResourcePattern resource, long expires, long notBefore, CidrBlock sourceIp) {

  static PolicyStatement canned(long expires) {
    return new PolicyStatement(PolicyKind.CANNED, null, expires, Long.MIN_VALUE, null);
  }

  /** DateLessThan: valid while {@code now < expires}. */
  boolean expiredAt(Instant now) {
    return now.getEpochSecond() >= expires;
  }

  /** DateGreaterThan: valid once {@code now > notBefore} (strictly, as the name says). */
  boolean notYetValidAt(Instant now) {
    long s = now.getEpochSecond();
    return s < notBefore || (s == notBefore && now.getNano() == 0);
  }

  boolean coversUrl(String publicUrl) {
    return resource == null || resource.matches(publicUrl);
  }

  boolean coversClient(InetAddress client) {
    return sourceIp == null || sourceIp.contains(client);
  }
}
