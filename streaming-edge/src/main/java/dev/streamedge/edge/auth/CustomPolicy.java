package dev.streamedge.edge.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * What a custom policy grants: a resource (a URL, with {@code *} and {@code ?} wildcards), until
 * {@code expires}, optionally not before {@code notBefore} and only from {@code sourceIp} (a CIDR
 * block, IPv4 or IPv6). Serialized exactly as the AWS SDK for Java v2 does ({@link #toJson()}).
 *
 * @param resource the {@code Resource}; null omits it, which CloudFront reads as "every file of
 *     every distribution trusting this key" — possible, but rarely what anyone means
 * @param notBefore {@code DateGreaterThan}, or null
 * @param sourceIp {@code IpAddress.AWS:SourceIp}, or null for any client
 */
public record CustomPolicy(String resource, Instant expires, Instant notBefore, String sourceIp) {
  public CustomPolicy {
    Objects.requireNonNull(expires, "expires");
    if (resource != null) {
      PolicyJson.requireJsonSafe("resource", resource);
    }
    if (sourceIp != null) {
      CidrBlock.parse(sourceIp); // throws IllegalArgumentException with the reason
    }
    if (notBefore != null && !notBefore.isBefore(expires)) {
      throw new IllegalArgumentException("notBefore " + notBefore + " is not before expires " + expires);
    }
    if (expires.getEpochSecond() < 0) {
      throw new IllegalArgumentException("expires is before 1970");
    }
  }

  /** A policy for {@code resource} until {@code expires}, from anywhere, starting now. */
  public static CustomPolicy of(String resource, Instant expires) {
    return new CustomPolicy(Objects.requireNonNull(resource, "resource"), expires, null, null);
  }

  public CustomPolicy withNotBefore(Instant start) {
    return new CustomPolicy(resource, expires, start, sourceIp);
  }

  public CustomPolicy withSourceIp(String cidr) {
    return new CustomPolicy(resource, expires, notBefore, cidr);
  }

  /**
   * The policy JSON without white space, fields in the AWS SDK's order: {@code
   * {"Statement":[{"Resource":…,"Condition":{"DateLessThan":{"AWS:EpochTime":…},"IpAddress":{…},
   * "DateGreaterThan":{…}}}]}}. Times are whole seconds (truncated).
   */
  public String toJson() {
    return PolicyJson.custom(this);
  }
}
