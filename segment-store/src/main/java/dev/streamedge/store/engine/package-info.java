/**
 * The engine shared by both store implementations: the in-memory index, versions and their
 * followers, writers, the commit/purge/eviction protocol, and the {@link
 * dev.streamedge.store.engine.Backend} SPI that RocksDB and memory implement. Internal: the public
 * API is {@code dev.streamedge.store}. The protocol is described on {@link
 * dev.streamedge.store.engine.StoreEngine}.
 */
package dev.streamedge.store.engine;
