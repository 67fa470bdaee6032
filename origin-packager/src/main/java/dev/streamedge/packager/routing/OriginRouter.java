package dev.streamedge.packager.routing;

import dev.streamedge.packager.http.Lookup;
import dev.streamedge.packager.http.Request;
import dev.streamedge.packager.http.Response;
import dev.streamedge.packager.http.ResponsePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The packager's request flow in one place: method check, then the first mounted prefix that matches,
 * then conditional/range planning of what the feature found.
 *
 * <pre>
 *   method (GET/HEAD; OPTIONS 204; else 405) → route by prefix → feature lookup → ResponsePlanner
 * </pre>
 */
public final class OriginRouter {
  private static final String NOT_FOUND_CACHE = "public, max-age=10";

  private record Mount(String prefix, PathHandler handler) {}

  private final List<Mount> mounts;
  private final ResponsePlanner planner;
  private final Supplier<Lookup> health;

  private OriginRouter(List<Mount> mounts, ResponsePlanner planner, Supplier<Lookup> health) {
    this.mounts = List.copyOf(mounts);
    this.planner = planner;
    this.health = health;
  }

  public static Builder builder(int maxRanges) {
    return new Builder(maxRanges);
  }

  /** Answers one request. Blocking: call from a worker thread. */
  public Response respond(Request request) {
    Objects.requireNonNull(request, "request");
    String method = request.method();
    if (method.equals("OPTIONS")) {
      return new Response(204, List.of(new Response.Header("Allow", "GET, HEAD, OPTIONS"),
          new Response.Header("Content-Length", "0")), new dev.streamedge.packager.http.Body.Empty());
    }
    if (!request.isGet() && !request.isHead()) {
      return Response.text(405, "Method Not Allowed", "no-store", false).with("Allow", "GET, HEAD, OPTIONS");
    }
    String path = request.rawPath();
    if (path.equals("/healthz")) {
      return planner.plan(request, health.get());
    }
    for (Mount m : mounts) {
      if (path.startsWith(m.prefix())) {
        return planner.plan(request, m.handler().lookup(path.substring(m.prefix().length())));
      }
      if (m.prefix().endsWith("/") && path.equals(m.prefix().substring(0, m.prefix().length() - 1))) {
        return planner.plan(request, Lookup.notFound("Not Found", NOT_FOUND_CACHE));
      }
    }
    return planner.plan(request, Lookup.notFound("Not Found", NOT_FOUND_CACHE));
  }

  /** Mounts features; the first matching prefix wins. */
  public static final class Builder {
    private final List<Mount> mounts = new ArrayList<>();
    private final int maxRanges;
    private Supplier<Lookup> health =
        () -> new Lookup.Answer(Response.text(200, "ok", "no-store", false));

    private Builder(int maxRanges) {
      this.maxRanges = maxRanges;
    }

    /** Mounts {@code handler} under {@code prefix} (e.g. {@code /files/}). */
    public Builder mount(String prefix, PathHandler handler) {
      mounts.add(new Mount(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(handler, "handler")));
      return this;
    }

    public Builder health(Supplier<Lookup> health) {
      this.health = Objects.requireNonNull(health, "health");
      return this;
    }

    public OriginRouter build() {
      return new OriginRouter(mounts, new ResponsePlanner(maxRanges), health);
    }
  }
}
