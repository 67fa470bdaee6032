package dev.streamedge.edge.auth;

import dev.streamedge.edge.auth.AccessDecision.Allowed;
import dev.streamedge.edge.auth.AccessDecision.Denied;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a request for a protected behavior carries a valid CloudFront signed URL or signed
 * cookies (CloudFront Developer Guide, "Serve private content with signed URLs and signed cookies").
 *
 * <p>Order of checks, for one request:
 *
 * <ol>
 *   <li>Source: signing parameters in the URL decide when present; otherwise the {@code
 *       CloudFront-*} cookies; neither → {@code MISSING}.
 *   <li>Shape: a key-pair id, a signature, and exactly one of {@code Expires} (canned) or {@code
 *       Policy} (custom); the hash algorithm is SHA1 (default) or SHA256.
 *   <li>Key: the key-pair id must be in one of the behavior's trusted key groups.
 *   <li>Signature: canned — the policy is rebuilt from the request's public URL and {@code Expires}
 *       byte for byte, so a canned token for another URL fails here as a bad signature; custom —
 *       checked over the received policy bytes, never a re-serialization, and only then parsed.
 *   <li>Conditions: expiry, start, resource pattern, client address.
 * </ol>
 *
 * <p>Pure: no I/O, {@code now} comes with the request, key groups come from a supplier (a volatile
 * read of {@link KeyGroupSource}). Thread-safe. Signature checks are cached per token ({@link
 * VerifiedTokenCache}); conditions never are. Nothing here compares a secret: signatures are
 * checked with public keys, so timing reveals nothing an attacker does not already hold, and there
 * is no constant-time comparison to get wrong. Bad input of any kind yields {@link Denied}; no
 * exception escapes {@link #verify}.
 */
public final class SignedAccessVerifier {
  private static final Logger log = LoggerFactory.getLogger(SignedAccessVerifier.class);

  /** Decoded custom policies larger than this are refused (CloudFront's own limit is lower). */
  public static final int DEFAULT_MAX_POLICY_BYTES = 8 * 1024;
  public static final int DEFAULT_CACHE_ENTRIES = 4096;
  /** A 16384-bit RSA signature is 2732 characters; anything longer is not a signature. */
  private static final int MAX_SIGNATURE_CHARS = 2800;

  private final Supplier<KeyGroups> keyGroups;
  private final int maxPolicyBytes;
  private final int maxPolicyChars;
  private final PolicyJson policyJson;
  private final VerifiedTokenCache cache;
  private final LongAdder signatureChecks = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();

  /** A verifier over {@code keyGroups} with the default policy cap and cache size. */
  public SignedAccessVerifier(Supplier<KeyGroups> keyGroups) {
    this(keyGroups, DEFAULT_CACHE_ENTRIES, DEFAULT_MAX_POLICY_BYTES);
  }

  /**
   * @param cacheEntries verified tokens kept (0 disables the cache)
   * @param maxPolicyBytes largest decoded custom policy accepted
   */
  public SignedAccessVerifier(Supplier<KeyGroups> keyGroups, int cacheEntries, int maxPolicyBytes) {
    this.keyGroups = Objects.requireNonNull(keyGroups, "keyGroups");
    if (cacheEntries < 0) {
      throw new IllegalArgumentException("cacheEntries must be >= 0");
    }
    if (maxPolicyBytes < 256) {
      throw new IllegalArgumentException("maxPolicyBytes must be >= 256");
    }
    this.maxPolicyBytes = maxPolicyBytes;
    this.maxPolicyChars = (maxPolicyBytes + 2) / 3 * 4;
    this.policyJson = new PolicyJson(maxPolicyBytes);
    this.cache = new VerifiedTokenCache(cacheEntries);
  }

  /**
   * Decides {@code request} for a behavior trusting {@code trustedKeyGroupIds}. Never throws for
   * anything the request carries.
   */
  public AccessDecision verify(SignedRequest request, Collection<String> trustedKeyGroupIds) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(trustedKeyGroupIds, "trustedKeyGroupIds");
    try {
      return decide(request, trustedKeyGroupIds);
    } catch (RuntimeException e) {
      // A bug, not a client error: say so loudly, but the client still gets a plain 403.
      log.error("signature verification failed unexpectedly for {}", clip(request.publicUrl()), e);
      return new Denied(DenialReason.MALFORMED, "internal error: " + e.getClass().getSimpleName());
    }
  }

  /** Counters since construction: public-key verifications performed, and cache hits. */
  public Stats stats() {
    return new Stats(signatureChecks.sum(), cacheHits.sum(), cache.size());
  }

  /** {@code signatureChecks} public-key operations, {@code cacheHits} skipped ones. */
  public record Stats(long signatureChecks, long cacheHits, int cachedTokens) {}

  private AccessDecision decide(SignedRequest request, Collection<String> trusted) {
    SigningParams p = request.urlParams();
    TokenSource source = TokenSource.SIGNED_URL;
    String prefix = "";
    if (!p.present()) {
      p = SigningParams.fromCookies(request.cookieHeaders());
      source = TokenSource.SIGNED_COOKIES;
      prefix = "CloudFront-";
      if (!p.present()) {
        return denied(DenialReason.MISSING, "no signed URL parameters and no CloudFront cookies");
      }
    }
    if (p.duplicate() != null) {
      return denied(DenialReason.MALFORMED, "query parameter " + p.duplicate() + " given twice");
    }
    if (p.keyPairId() == null) {
      return denied(DenialReason.MISSING, "no " + prefix + "Key-Pair-Id");
    }
    if (p.signature() == null) {
      return denied(DenialReason.MISSING, "no " + prefix + "Signature");
    }
    if (p.expires() == null && p.policy() == null) {
      return denied(DenialReason.MISSING, "neither " + prefix + "Expires nor " + prefix + "Policy");
    }
    if (p.expires() != null && p.policy() != null) {
      return denied(DenialReason.MALFORMED, "both " + prefix + "Expires and " + prefix + "Policy");
    }
    HashAlgorithm hash = HashAlgorithm.fromWire(p.hashAlgorithm());
    if (hash == null) {
      return denied(DenialReason.UNSUPPORTED_HASH,
          prefix + "Hash-Algorithm '" + clip(p.hashAlgorithm()) + "'");
    }
    if (!KeyPairIds.isValid(p.keyPairId())) {
      return denied(DenialReason.MALFORMED, prefix + "Key-Pair-Id is not a key id");
    }
    TrustedKey key = keyGroups.get().find(trusted, p.keyPairId());
    if (key == null) {
      return denied(DenialReason.UNKNOWN_KEY_ID,
          "key pair id " + p.keyPairId() + " is in none of the trusted key groups " + trusted);
    }
    if (p.signature().length() > MAX_SIGNATURE_CHARS) {
      return denied(DenialReason.MALFORMED, prefix + "Signature is too long to be a signature");
    }
    Instant now = request.now();
    boolean canned = p.expires() != null;
    long cannedExpires = 0;
    VerifiedTokenCache.Key cacheKey;
    if (canned) {
      try {
        cannedExpires = PolicyJson.Canned.parseExpires(p.expires());
      } catch (MalformedTokenException e) {
        return denied(DenialReason.MALFORMED, prefix + e.getMessage());
      }
      // Cheap before costly: a stale canned token is refused without a public-key operation.
      if (now.getEpochSecond() >= cannedExpires) {
        return denied(DenialReason.EXPIRED, "canned policy expired at " + cannedExpires);
      }
      cacheKey = new VerifiedTokenCache.Key(PolicyKind.CANNED, p.keyPairId(), hash,
          request.publicUrl(), cannedExpires, p.signature());
    } else {
      if (p.policy().length() > maxPolicyChars) {
        return denied(DenialReason.POLICY_TOO_LARGE,
            prefix + "Policy of " + p.policy().length() + " characters");
      }
      cacheKey = new VerifiedTokenCache.Key(PolicyKind.CUSTOM, p.keyPairId(), hash, p.policy(), 0,
          p.signature());
    }

    PolicyStatement policy;
    VerifiedTokenCache.Entry hit = cache.get(cacheKey);
    if (hit != null && (hit.key() == key || hit.key().sameAs(key))) {
      cacheHits.increment();
      policy = hit.policy();
    } else {
      byte[] signature;
      byte[] policyBytes;
      try {
        signature = CloudFrontBase64.decode(p.signature());
      } catch (MalformedTokenException e) {
        return denied(DenialReason.MALFORMED, prefix + "Signature: " + e.getMessage());
      }
      if (canned) {
        policyBytes = PolicyJson.canned(request.publicUrl(), cannedExpires)
            .getBytes(StandardCharsets.UTF_8);
      } else {
        try {
          policyBytes = CloudFrontBase64.decode(p.policy());
        } catch (MalformedTokenException e) {
          return denied(DenialReason.MALFORMED, prefix + "Policy: " + e.getMessage());
        }
        if (policyBytes.length > maxPolicyBytes) {
          return denied(DenialReason.POLICY_TOO_LARGE,
              prefix + "Policy of " + policyBytes.length + " bytes, limit " + maxPolicyBytes);
        }
      }
      signatureChecks.increment();
      if (!signatureValid(key, hash, policyBytes, signature)) {
        return denied(DenialReason.BAD_SIGNATURE, (canned ? "canned policy for this URL" : "policy")
            + " not signed by " + key.keyPairId() + " with " + hash);
      }
      if (canned) {
        policy = PolicyStatement.canned(cannedExpires);
      } else {
        try {
          policy = policyJson.parseCustom(policyBytes);
        } catch (MalformedTokenException e) {
          return denied(DenialReason.MALFORMED, prefix + "Policy: " + e.getMessage());
        }
      }
      cache.put(cacheKey, new VerifiedTokenCache.Entry(key, policy), now);
    }

    if (policy.expiredAt(now)) {
      return denied(DenialReason.EXPIRED, policy.kind() + " policy expired at " + policy.expires());
    }
    if (policy.notYetValidAt(now)) {
      return denied(DenialReason.NOT_YET_VALID, "policy valid after " + policy.notBefore());
    }
    if (!policy.coversUrl(request.publicUrl())) {
      return denied(DenialReason.WRONG_RESOURCE, "Resource " + clip(policy.resource().pattern())
          + " does not match " + clip(request.publicUrl()));
    }
    if (!policy.coversClient(request.clientAddress())) {
      return denied(DenialReason.WRONG_IP, "client " + (request.clientAddress() == null ? "unknown"
          : request.clientAddress().getHostAddress()) + " not in " + policy.sourceIp());
    }
    return new Allowed(key.keyPairId(), policy.kind(), Instant.ofEpochSecond(policy.expires()),
        source);
  }

  private static boolean signatureValid(TrustedKey key, HashAlgorithm hash, byte[] data,
      byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(hash.jcaName(key.type()));
      verifier.initVerify(key.publicKey());
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A signature of the wrong length or a broken DER (r, s) is simply not a valid signature.
      return false;
    }
  }

  private static Denied denied(DenialReason reason, String detail) {
    return new Denied(reason, detail);
  }

  private static String clip(String s) {
    return PolicyJson.clip(s);
  }
}
