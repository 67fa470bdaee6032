package dev.streamedge.edge.admin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The admin API on {@code edge.adminListen}: a fixed table of endpoints (method + path or path
 * prefix), so what the API offers is readable in one place. Handlers may block (they run off the
 * event loop).
 */
public final class AdminApi {
  private record Entry(String method, String path, boolean prefix, AdminRoute route) {}

  /** Read by admin requests while a later component (a cluster node) may still be mounting routes. */
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** The API with the endpoints every edge has: liveness and readiness. */
  public static AdminApi withHealth(BooleanSupplier ready) {
    AdminApi api = new AdminApi();
    api.add("GET", "/healthz", r -> AdminResponse.text(200, "ok\n"));
    api.add("GET", "/readyz", r -> ready.getAsBoolean()
        ? AdminResponse.text(200, "ready\n")
        : AdminResponse.text(503, "not ready\n"));
    return api;
  }

  /** Adds an endpoint for an exact path; it replaces an earlier one for the same method and path. */
  public AdminApi add(String method, String path, AdminRoute route) {
    put(new Entry(method, path, false, route));
    return this;
  }

  /**
   * Adds an endpoint for every path under {@code prefix} (which ends with '/'); it replaces an
   * earlier one for the same method and prefix.
   */
  public AdminApi addPrefix(String method, String prefix, AdminRoute route) {
    put(new Entry(method, prefix, true, route));
    return this;
  }

  private synchronized void put(Entry e) {
    entries.removeIf(x -> x.method.equals(e.method) && x.path.equals(e.path) && x.prefix == e.prefix);
    entries.add(e);
  }

  public AdminResponse handle(AdminRequest request) {
    boolean pathKnown = false;
    for (Entry e : entries) {
      boolean match = e.prefix ? request.path().startsWith(e.path) : request.path().equals(e.path);
      if (!match) {
        continue;
      }
      pathKnown = true;
      if (e.method.equals(request.method())
          || (request.method().equals("HEAD") && e.method.equals("GET"))) {
        return e.route.handle(request);
      }
    }
    return pathKnown
        ? AdminResponse.text(405, "method " + request.method() + " not allowed on " + request.path() + "\n")
        : AdminResponse.text(404, "no admin endpoint " + request.path() + "\n");
  }
}
