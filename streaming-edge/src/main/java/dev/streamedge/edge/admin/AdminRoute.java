package dev.streamedge.edge.admin;

/** One admin endpoint. */
@FunctionalInterface
public interface AdminRoute {
  AdminResponse handle(AdminRequest request);
}
