package dev.streamedge.store.memory;

import dev.streamedge.store.engine.Backend;
import dev.streamedge.store.engine.Batch;
import dev.streamedge.store.engine.ChunkLocation;
import dev.streamedge.store.engine.ObjectRecord;
import dev.streamedge.store.engine.PendingKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;

/**
 * Records and chunks in concurrent maps, ordered by key so a prefix purge is a sub-map. Batches
 * apply under one lock; reads take none. Nothing survives the process, so pending records are not
 * kept.
 */
final class MemoryBackend implements Backend {
  private static final byte[] NO_ENCODING = new byte[0];

  private record ChunkId(long generation, long index) {}

  private final ConcurrentSkipListMap<String, ObjectRecord> records = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<String, ConcurrentHashMap<ChunkId, byte[]>> chunks =
      new ConcurrentSkipListMap<>();
  private final Object writeLock = new Object();

  @Override
  public long generationBase() {
    return 1;
  }

  @Override
  public void recover(BiConsumer<String, ObjectRecord> sink) {
    records.forEach(sink);
  }

  @Override
  public ChunkLocation locate(String key, long generation) {
    return new ChunkLocation(key, generation, NO_ENCODING);
  }

  @Override
  public ObjectRecord readRecord(String key) {
    return records.get(key);
  }

  @Override
  public int readChunk(ChunkLocation location, long index, ByteBuffer dst) {
    Map<ChunkId, byte[]> byId = chunks.get(location.key());
    byte[] value = byId == null ? null : byId.get(new ChunkId(location.generation(), index));
    if (value == null) {
      return -1;
    }
    int n = Math.min(value.length, dst.remaining());
    dst.duplicate().put(value, 0, n);
    return value.length;
  }

  @Override
  public void putChunk(ChunkLocation location, long index, ByteBuffer value) {
    try (Batch b = newBatch()) {
      b.putChunk(location, index, value);
      write(b);
    }
  }

  @Override
  public Batch newBatch() {
    return new MemoryBatch();
  }

  @Override
  public void write(Batch batch) {
    synchronized (writeLock) {
      for (Runnable op : ((MemoryBatch) batch).ops) {
        op.run();
      }
    }
  }

  @Override
  public void close() {
    records.clear();
    chunks.clear();
  }

  /** Test hook: flips one byte of a stored chunk. */
  boolean corrupt(String key, long generation, long index, int at) {
    Map<ChunkId, byte[]> byId = chunks.get(key);
    byte[] value = byId == null ? null : byId.get(new ChunkId(generation, index));
    if (value == null) {
      return false;
    }
    value[at] ^= 0x5a;
    return true;
  }

  /** Test hook: stores chunk {@code source}'s value as chunk {@code target}. */
  boolean copy(String key, long generation, long source, long target) {
    Map<ChunkId, byte[]> byId = chunks.get(key);
    byte[] value = byId == null ? null : byId.get(new ChunkId(generation, source));
    if (value == null) {
      return false;
    }
    byId.put(new ChunkId(generation, target), value.clone());
    return true;
  }

  private final class MemoryBatch implements Batch {
    final List<Runnable> ops = new ArrayList<>();

    @Override
    public void putChunk(ChunkLocation location, long index, ByteBuffer value) {
      byte[] copy = new byte[value.remaining()];
      value.duplicate().get(copy);
      ops.add(
          () ->
              chunks
                  .computeIfAbsent(location.key(), k -> new ConcurrentHashMap<>())
                  .put(new ChunkId(location.generation(), index), copy));
    }

    @Override
    public void deleteChunks(ChunkLocation location, long fromIndex, long toIndex) {
      ops.add(
          () -> {
            ConcurrentHashMap<ChunkId, byte[]> byId = chunks.get(location.key());
            if (byId == null) {
              return;
            }
            byId.keySet()
                .removeIf(
                    id ->
                        id.generation() == location.generation()
                            && id.index() >= fromIndex
                            && id.index() < toIndex);
            if (byId.isEmpty()) {
              chunks.remove(location.key(), byId);
            }
          });
    }

    @Override
    public void putRecord(String key, ObjectRecord record) {
      ops.add(() -> records.put(key, record));
    }

    @Override
    public void deleteRecord(String key) {
      ops.add(() -> records.remove(key));
    }

    @Override
    public void putPending(ChunkLocation location, PendingKind kind, long fromIndex, long toIndex) {
      // Nothing survives a restart here: there is nothing to recover.
    }

    @Override
    public void deletePending(ChunkLocation location, PendingKind kind, long fromIndex) {}

    @Override
    public void purgePrefix(String prefix) {
      ops.add(
          () -> {
            removePrefix(records, prefix);
            removePrefix(chunks, prefix);
          });
    }

    @Override
    public void purgeKey(String key) {
      ops.add(
          () -> {
            records.remove(key);
            chunks.remove(key);
          });
    }

    @Override
    public void close() {}
  }

  private static void removePrefix(ConcurrentSkipListMap<String, ?> map, String prefix) {
    Iterator<String> it = map.tailMap(prefix, true).keySet().iterator();
    while (it.hasNext()) {
      if (!it.next().startsWith(prefix)) {
        break;
      }
      it.remove();
    }
  }
}
