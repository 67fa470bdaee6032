package dev.streamedge.edge.range;

import dev.streamedge.edge.http.EntityTag;
import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.Optional;

/**
 * If-Range (RFC 9110 §13.1.5): the range applies only if the client's validator still matches.
 * An entity tag must match the current one by <em>strong</em> comparison (a weak tag never
 * matches). An HTTP-date must equal the Last-Modified exactly, and that Last-Modified must be
 * strong: per §8.8.2.2 a cache treats it as strong when the stored Date is at least one second
 * after it. Anything else — no validator, unparseable value — means "send the whole
 * representation" (200).
 */
public final class IfRange {
  private IfRange() {}

  /**
   * @param ifRange the If-Range field value, or null when absent (then the range applies)
   * @param representation the current representation's fields (ETag, Last-Modified, Date)
   */
  public static boolean rangeApplies(String ifRange, HttpFields representation) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.strip();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      Optional<EntityTag> asked = EntityTag.parse(v);
      Optional<EntityTag> current = EntityTag.parse(representation.get("ETag"));
      return asked.isPresent() && current.isPresent() && asked.get().strongMatches(current.get());
    }
    Optional<Instant> asked = HttpDates.parse(v);
    Optional<Instant> lastModified = HttpDates.parse(representation.get("Last-Modified"));
    Optional<Instant> date = HttpDates.parse(representation.get("Date"));
    if (asked.isEmpty() || lastModified.isEmpty() || date.isEmpty()) {
      return false;
    }
    boolean strong = date.get().getEpochSecond() - lastModified.get().getEpochSecond() >= 1;
    return strong && asked.get().getEpochSecond() == lastModified.get().getEpochSecond();
  }
}
