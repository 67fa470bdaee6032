package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The age of a stored response, RFC 9111 §4.2.3, in milliseconds (callers send whole seconds in
 * the {@code Age} field):
 *
 * <pre>
 *   apparent_age          = max(0, response_time - date_value)
 *   response_delay        = response_time - request_time
 *   corrected_age_value   = age_value + response_delay
 *   corrected_initial_age = max(apparent_age, corrected_age_value)
 *   resident_time         = now - response_time
 *   current_age           = corrected_initial_age + resident_time
 * </pre>
 *
 * {@code request_time}/{@code response_time} are when this edge sent the request that produced
 * the stored response and when the response head arrived. A missing or invalid {@code Date} is
 * taken as {@code response_time} (RFC 9110 §6.6.1); an invalid {@code Age} is ignored (§5.1). All
 * sums saturate instead of overflowing.
 */
public final class Age {
  private Age() {}

  /**
   * The {@code Age} field's value in seconds: the first member of the (possibly list-valued)
   * field, a non-negative integer saturating at 2^31; empty when absent or invalid.
   */
  public static OptionalLong parse(String ageField) {
    if (ageField == null) {
      return OptionalLong.empty();
    }
    int comma = ageField.indexOf(',');
    String first = (comma >= 0 ? ageField.substring(0, comma) : ageField).trim();
    long v = CacheControl.delta(first);
    return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** {@code current_age} in milliseconds (never negative). */
  public static long currentAgeMillis(HttpFields stored, Instant requestTime, Instant responseTime, Instant now) {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(requestTime, "requestTime");
    Objects.requireNonNull(responseTime, "responseTime");
    Objects.requireNonNull(now, "now");
    long responseMs = responseTime.toEpochMilli();
    long dateMs = Freshness.dateValue(stored, responseTime).toEpochMilli();
    long ageValueMs = parse(stored.get("Age")).orElse(0) * 1000L;
    long apparentAge = Math.max(0, responseMs - dateMs);
    long responseDelay = Math.max(0, responseMs - requestTime.toEpochMilli());
    long correctedAgeValue = saturatedAdd(ageValueMs, responseDelay);
    long correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
    long residentTime = Math.max(0, now.toEpochMilli() - responseMs);
    return saturatedAdd(correctedInitialAge, residentTime);
  }

  /** {@code current_age} in whole seconds, as sent in the {@code Age} field. */
  public static long currentAgeSeconds(HttpFields stored, Instant requestTime, Instant responseTime, Instant now) {
    return currentAgeMillis(stored, requestTime, responseTime, now) / 1000;
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
