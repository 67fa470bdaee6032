package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.Objects;

/**
 * The facts about a stored response that the lookup and revalidation rules need: its status, the
 * header fields as stored (hop-by-hop and Set-Cookie removed, Date present), when this edge sent
 * the request and received the response (RFC 9111 §4.2.3's request_time and response_time), and
 * the freshness decided at store time.
 */
public record StoredResponse(
    int status, HttpFields headers, Instant requestTime, Instant responseTime, EdgeFreshness freshness) {
  public StoredResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(requestTime, "requestTime");
    Objects.requireNonNull(responseTime, "responseTime");
    Objects.requireNonNull(freshness, "freshness");
  }

  /** The current age in whole seconds at {@code now}, for the {@code Age} field. */
  public long ageSeconds(Instant now) {
    return Age.currentAgeSeconds(headers, requestTime, responseTime, now);
  }
}
