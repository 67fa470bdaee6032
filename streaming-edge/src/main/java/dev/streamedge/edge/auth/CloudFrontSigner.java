package dev.streamedge.edge.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Issues CloudFront signed URLs and signed cookies with one private key, in the exact format the
 * AWS SDK for Java v2 ({@code CloudFrontUtilities}) produces, so the tokens work here and on
 * CloudFront. SHA-1 unless {@link #withHash} says otherwise; a SHA-256 token carries {@code
 * Hash-Algorithm=SHA256} / {@code CloudFront-Hash-Algorithm=SHA256}.
 *
 * <pre>{@code
 * CloudFrontSigner signer = CloudFrontSigner.of("K2JCJMDEHXQW5F", PemKeys.readPrivateKey(pem));
 * String url = signer.signedUrl("https://cdn.example.com/a.mp4", expires);           // canned
 * SignedCookies c = signer.signedCookies(
 *     CustomPolicy.of("https://cdn.example.com/vod/*", expires));                     // custom
 * List<String> setCookie = c.setCookieHeaders(CookieAttributes.defaults().withSecure(true));
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class CloudFrontSigner {
  private final String keyPairId;
  private final PrivateKey privateKey;
  private final KeyType keyType;
  private final HashAlgorithm hash;

  private CloudFrontSigner(String keyPairId, PrivateKey privateKey, KeyType keyType,
      HashAlgorithm hash) {
    this.keyPairId = keyPairId;
    this.privateKey = privateKey;
    this.keyType = keyType;
    this.hash = hash;
  }

  /**
   * A SHA-1 signer for {@code keyPairId}; throws {@link IllegalArgumentException} for an id
   * CloudFront would not accept or a key that is not RSA 2048+ or EC P-256.
   */
  public static CloudFrontSigner of(String keyPairId, PrivateKey privateKey) {
    Objects.requireNonNull(keyPairId, "keyPairId");
    Objects.requireNonNull(privateKey, "privateKey");
    if (!KeyPairIds.isValid(keyPairId)) {
      throw new IllegalArgumentException("key pair id '" + keyPairId
          + "' must be 1 to 128 letters, digits, '-' or '_'");
    }
    try {
      return new CloudFrontSigner(keyPairId, privateKey, PemKeys.typeOf(privateKey),
          HashAlgorithm.SHA1);
    } catch (KeyFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The same signer with another digest. */
  public CloudFrontSigner withHash(HashAlgorithm algorithm) {
    return new CloudFrontSigner(keyPairId, privateKey, keyType,
        Objects.requireNonNull(algorithm, "algorithm"));
  }

  public String keyPairId() {
    return keyPairId;
  }

  public HashAlgorithm hash() {
    return hash;
  }

  /** A canned-policy signed URL: {@code url} (exactly this URL) until {@code expires}. */
  public String signedUrl(String url, Instant expires) {
    requireSignableUrl(url);
    long exp = expires.getEpochSecond();
    String signature = sign(PolicyJson.canned(url, exp));
    return url + (url.indexOf('?') < 0 ? '?' : '&') + "Expires=" + exp + "&Signature=" + signature
        + "&Key-Pair-Id=" + keyPairId + hashParam("&Hash-Algorithm=");
  }

  /**
   * A custom-policy signed URL for {@code url}; the policy's resource (often a wildcard) must cover
   * {@code url}, or the URL would be refused everywhere.
   */
  public String signedUrl(String url, CustomPolicy policy) {
    requireSignableUrl(url);
    if (policy.resource() != null && !ResourcePattern.of(policy.resource()).matches(url)) {
      throw new IllegalArgumentException(
          "policy resource " + policy.resource() + " does not cover " + url);
    }
    String json = policy.toJson();
    return url + (url.indexOf('?') < 0 ? '?' : '&') + "Policy="
        + CloudFrontBase64.encode(json.getBytes(StandardCharsets.UTF_8)) + "&Signature="
        + sign(json) + "&Key-Pair-Id=" + keyPairId + hashParam("&Hash-Algorithm=");
  }

  /** Canned-policy cookies: valid for exactly {@code resourceUrl} until {@code expires}. */
  public SignedCookies signedCookies(String resourceUrl, Instant expires) {
    requireSignableUrl(resourceUrl);
    long exp = expires.getEpochSecond();
    Map<String, String> cookies = new LinkedHashMap<>();
    cookies.put("CloudFront-Expires", Long.toString(exp));
    cookies.put("CloudFront-Signature", sign(PolicyJson.canned(resourceUrl, exp)));
    return finish(cookies, Instant.ofEpochSecond(exp));
  }

  /** Custom-policy cookies: the usual way to open a whole HLS tree ({@code …/vod/*}) to a viewer. */
  public SignedCookies signedCookies(CustomPolicy policy) {
    String json = policy.toJson();
    Map<String, String> cookies = new LinkedHashMap<>();
    cookies.put("CloudFront-Policy", CloudFrontBase64.encode(json.getBytes(StandardCharsets.UTF_8)));
    cookies.put("CloudFront-Signature", sign(json));
    return finish(cookies, Instant.ofEpochSecond(policy.expires().getEpochSecond()));
  }

  /** The raw signature of {@code policy}'s UTF-8 bytes, CloudFront-base64 encoded. */
  public String sign(String policy) {
    try {
      Signature s = Signature.getInstance(hash.jcaName(keyType));
      s.initSign(privateKey);
      s.update(policy.getBytes(StandardCharsets.UTF_8));
      return CloudFrontBase64.encode(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + hash.jcaName(keyType), e);
    }
  }

  private SignedCookies finish(Map<String, String> cookies, Instant expires) {
    cookies.put("CloudFront-Key-Pair-Id", keyPairId);
    if (hash != HashAlgorithm.SHA1) {
      cookies.put("CloudFront-Hash-Algorithm", hash.wireName());
    }
    return new SignedCookies(cookies, expires);
  }

  private String hashParam(String name) {
    return hash == HashAlgorithm.SHA1 ? "" : name + hash.wireName();
  }

  private static void requireSignableUrl(String url) {
    Objects.requireNonNull(url, "url");
    PolicyJson.requireJsonSafe("url", url);
    if (url.indexOf('#') >= 0) {
      throw new IllegalArgumentException("a signed URL has no fragment: " + url);
    }
    int q = url.indexOf('?');
    if (q >= 0 && SigningParams.strip(url.substring(q + 1)).params() != SigningParams.NONE) {
      throw new IllegalArgumentException("url already carries CloudFront signing parameters");
    }
  }
}
