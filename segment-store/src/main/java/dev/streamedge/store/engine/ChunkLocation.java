package dev.streamedge.store.engine;

import java.util.Objects;

/**
 * Where one version's chunks live, resolved once by the backend ({@link Backend#locate}) so the
 * read path does not re-encode the key per chunk.
 *
 * @param key the cache key
 * @param generation the version
 * @param encoded backend-specific encoding (RocksDB: the chunk key prefix); may be empty
 */
public record ChunkLocation(String key, long generation, byte[] encoded) {
  public ChunkLocation {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(encoded, "encoded");
  }
}
