package dev.streamedge.edge.auth;

import dev.streamedge.edge.config.CacheBehavior;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The lifecycle's Authorize stage: for a behavior with {@code trustedKeyGroups}, lets a request
 * through only with a valid signed URL or signed cookies, and removes the signing parameters from
 * what follows (the cache key and the origin request never see them, as on CloudFront, and the
 * origin never receives the viewer's credentials).
 */
public final class SignedAccessGate {
  /** The stage's result. */
  public sealed interface Outcome {
    /** Allowed; {@code request} is the request without signing parameters. */
    record Pass(RequestHead request, AccessDecision.Allowed decision) implements Outcome {}

    /** Refused with 403. */
    record Deny(AccessDecision.Denied decision) implements Outcome {}
  }

  private final SignedAccessVerifier verifier;
  private final URI publicBaseUrl;
  private final String clientIpHeader;

  /**
   * @param publicBaseUrl the distribution's public scheme and host, or null to use the request's
   * @param clientIpHeader a header a trusted proxy sets whose last address is the viewer's, or null
   */
  public SignedAccessGate(SignedAccessVerifier verifier, URI publicBaseUrl, String clientIpHeader) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.publicBaseUrl = publicBaseUrl;
    this.clientIpHeader = clientIpHeader;
  }

  public Outcome check(RequestHead request, CacheBehavior behavior, Instant now) {
    SigningParams.StrippedQuery stripped = SigningParams.strip(request.rawQuery());
    String base = publicBaseUrl != null
        ? stripTrailingSlash(publicBaseUrl.toString())
        : request.scheme() + "://" + Objects.requireNonNullElse(request.headers().get("Host"), "");
    String publicUrl = stripped.appendTo(base + request.path());
    AccessDecision d = verifier.verify(
        SignedRequest.of(publicUrl, stripped.params(), request.headers(), clientAddress(request), now),
        behavior.trustedKeyGroups());
    if (d instanceof AccessDecision.Denied denied) {
      return new Outcome.Deny(denied);
    }
    RequestHead clean = new RequestHead(request.method(), request.path(),
        stripped.query().isEmpty() ? null : stripped.query(), request.protocol(),
        withoutSigningCookies(request.headers()), request.client(), request.scheme());
    return new Outcome.Pass(clean, (AccessDecision.Allowed) d);
  }

  /** The viewer's address: the socket's, or the last one in the trusted forwarding header. */
  InetAddress clientAddress(RequestHead request) {
    if (clientIpHeader != null) {
      String v = request.headers().combined(clientIpHeader);
      if (v != null) {
        String last = v.substring(v.lastIndexOf(',') + 1).trim();
        InetAddress a = literal(last);
        if (a != null) {
          return a;
        }
      }
    }
    return request.client() == null ? null : request.client().getAddress();
  }

  /** Parses an IP literal; never resolves a name (a header must not trigger DNS). */
  static InetAddress literal(String s) {
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) {
        return null;
      }
    }
    if (s.indexOf(':') < 0 && s.chars().filter(c -> c == '.').count() != 3) {
      return null;
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  static HttpFields withoutSigningCookies(HttpFields headers) {
    List<String> cookies = headers.all("Cookie");
    if (cookies.isEmpty()) {
      return headers;
    }
    List<String> kept = new ArrayList<>();
    boolean changed = false;
    for (String line : cookies) {
      StringBuilder sb = new StringBuilder();
      for (String pair : line.split(";")) {
        String p = pair.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq).trim();
        if (SigningParams.COOKIE_NAMES.contains(name)) {
          changed = true;
          continue;
        }
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(p);
      }
      if (sb.length() > 0) {
        kept.add(sb.toString());
      }
    }
    if (!changed) {
      return headers;
    }
    HttpFields.Builder b = headers.toBuilder().remove("Cookie");
    kept.forEach(c -> b.add("Cookie", c));
    return b.build();
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
