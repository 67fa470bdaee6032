package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.EntityTag;
import dev.streamedge.edge.http.HttpDates;
import dev.streamedge.edge.http.HttpFields;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Viewer conditional requests answered by the edge (RFC 9110 §13.2.2 order, with the cache
 * specifics of RFC 9111 §4.3.2):
 *
 * <ol>
 *   <li>If-Match (strong comparison) false → 412;
 *   <li>else If-Unmodified-Since false → 412;
 *   <li>If-None-Match (weak comparison) false → 304 for GET/HEAD, 412 otherwise;
 *   <li>else, for GET/HEAD, If-Modified-Since false → 304;
 *   <li>otherwise proceed (If-Range is the range code's business).
 * </ol>
 *
 * Preconditions are ignored when the response without them would not be 2xx (§13.2.1). An
 * invalid date, or an If-Modified-Since with several lines, is ignored. If-Modified-Since compares
 * with Last-Modified, or with Date when there is no Last-Modified (RFC 9111 §4.3.2).
 */
public final class Preconditions {
  /** The result of evaluating a request's preconditions. */
  public enum Result { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

  /** Fields a 304 carries (RFC 9110 §15.4.5); Last-Modified only when there is no ETag. */
  private static final List<String> NOT_MODIFIED_FIELDS =
      List.of("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary");

  private static final Set<String> SAFE_READS = Set.of("GET", "HEAD");

  private Preconditions() {}

  /**
   * @param status the status the response would have without preconditions
   * @param representation the selected representation's fields (ETag, Last-Modified, Date)
   */
  public static Result evaluate(String method, HttpFields request, int status, HttpFields representation) {
    if (status < 200 || status > 299 || !anyPrecondition(request)) {
      return Result.PROCEED; // most requests: nothing to parse
    }
    Optional<EntityTag> etag = EntityTag.parse(representation.get("ETag"));
    Optional<Instant> lastModified = HttpDates.parse(representation.get("Last-Modified"));
    String ifMatch = request.combined("If-Match");
    if (ifMatch != null) {
      EntityTag.TagList list = EntityTag.parseList(ifMatch);
      boolean ok = list.valid() && (list.wildcard() || (etag.isPresent() && list.containsStrong(etag.get())));
      if (!ok) {
        return Result.PRECONDITION_FAILED;
      }
    } else {
      Optional<Instant> ius = singleDate(request, "If-Unmodified-Since");
      if (ius.isPresent() && lastModified.isPresent()
          && lastModified.get().getEpochSecond() > ius.get().getEpochSecond()) {
        return Result.PRECONDITION_FAILED;
      }
    }
    boolean safe = SAFE_READS.contains(method);
    String ifNoneMatch = request.combined("If-None-Match");
    if (ifNoneMatch != null) {
      EntityTag.TagList list = EntityTag.parseList(ifNoneMatch);
      boolean matched = list.valid() && (list.wildcard() || (etag.isPresent() && list.containsWeak(etag.get())));
      if (matched) {
        return safe ? Result.NOT_MODIFIED : Result.PRECONDITION_FAILED;
      }
      return Result.PROCEED;
    }
    if (safe) {
      Optional<Instant> ims = singleDate(request, "If-Modified-Since");
      Optional<Instant> modified = lastModified.or(() -> HttpDates.parse(representation.get("Date")));
      if (ims.isPresent() && modified.isPresent()
          && modified.get().getEpochSecond() <= ims.get().getEpochSecond()) {
        return Result.NOT_MODIFIED;
      }
    }
    return Result.PROCEED;
  }

  /**
   * The fields of a 304 answering from {@code representation} (RFC 9110 §15.4.5): Cache-Control,
   * Content-Location, Date, ETag, Expires, Vary, and Last-Modified when there is no ETag. The
   * caller adds Age, Via and its own fields.
   */
  public static HttpFields notModifiedHeaders(HttpFields representation) {
    HttpFields.Builder b = HttpFields.builder();
    for (HttpFields.Field f : representation.asList()) {
      for (String name : NOT_MODIFIED_FIELDS) {
        if (f.name().equalsIgnoreCase(name)) {
          b.add(f.name(), f.value());
        }
      }
      if (f.name().equalsIgnoreCase("Last-Modified") && !representation.contains("ETag")) {
        b.add(f.name(), f.value());
      }
    }
    return b.build();
  }

  private static boolean anyPrecondition(HttpFields request) {
    return request.contains("If-Match") || request.contains("If-None-Match")
        || request.contains("If-Modified-Since") || request.contains("If-Unmodified-Since");
  }

  private static Optional<Instant> singleDate(HttpFields request, String name) {
    List<String> lines = request.all(name);
    if (lines.size() != 1) {
      return Optional.empty();
    }
    return HttpDates.parse(lines.get(0));
  }
}
