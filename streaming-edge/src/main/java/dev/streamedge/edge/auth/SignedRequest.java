package dev.streamedge.edge.auth;

import dev.streamedge.edge.http.HttpFields;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the verifier looks at for one request.
 *
 * @param publicUrl the URL as the viewer addressed it, without signing parameters: {@code
 *     distribution.publicBaseUrl} (or the request's scheme and host) + path + the stripped query
 *     ({@link SigningParams#strip}). A canned policy must name exactly this string.
 * @param urlParams the signing parameters taken out of the query ({@link SigningParams#NONE} if none)
 * @param cookieHeaders every {@code Cookie} field value of the request, in order
 * @param clientAddress the socket peer, or the address from the trusted forwarding header; null
 *     when unknown (a policy with {@code IpAddress} then denies)
 * @param now the time of the request
 */
public record SignedRequest(
    String publicUrl,
    SigningParams urlParams,
    List<String> cookieHeaders,
    InetAddress clientAddress,
    Instant now) {

  public SignedRequest {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(urlParams, "urlParams");
    cookieHeaders = List.copyOf(Objects.requireNonNull(cookieHeaders, "cookieHeaders"));
    Objects.requireNonNull(now, "now");
  }

  /** Takes the {@code Cookie} lines from {@code headers}. */
  public static SignedRequest of(String publicUrl, SigningParams urlParams, HttpFields headers,
      InetAddress clientAddress, Instant now) {
    return new SignedRequest(publicUrl, urlParams, headers.all("Cookie"), clientAddress, now);
  }
}
