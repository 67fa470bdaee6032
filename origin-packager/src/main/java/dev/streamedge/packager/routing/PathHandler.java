package dev.streamedge.packager.routing;

import dev.streamedge.packager.http.Lookup;

/** A feature mounted under a path prefix; gets the rest of the raw (still encoded) path. May block. */
@FunctionalInterface
public interface PathHandler {
  Lookup lookup(String rawRest);
}
