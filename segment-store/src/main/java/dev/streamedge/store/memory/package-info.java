/**
 * The heap-only store: the same engine as the RocksDB store over maps, for tests of the edge and
 * small caches that need not survive a restart.
 */
package dev.streamedge.store.memory;
