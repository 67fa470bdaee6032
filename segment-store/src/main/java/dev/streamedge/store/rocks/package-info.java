/**
 * The RocksDB store: the shared engine over an embedded RocksDB with four column families —
 * {@code meta} (one record per key), {@code chunks} (body chunks), {@code pending} (chunks no
 * record owns yet or any more, cleaned on open) and {@code default} (the boot epoch). The key
 * layout makes a path prefix one contiguous range in each: see {@code RocksKeys}.
 */
package dev.streamedge.store.rocks;
