package dev.streamedge.store.rocks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The store's database opened directly, behind the store's back, to damage it on purpose. */
final class RawRocks implements AutoCloseable {
  final RocksDB db;
  final ColumnFamilyHandle meta;
  final ColumnFamilyHandle chunks;
  final ColumnFamilyHandle pending;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final DBOptions options;

  RawRocks(Path dir) throws RocksDBException {
    RocksDB.loadLibrary();
    options = new DBOptions();
    db =
        RocksDB.open(
            options,
            dir.toString(),
            List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor(RocksBackend.CF_META),
                new ColumnFamilyDescriptor(RocksBackend.CF_CHUNKS),
                new ColumnFamilyDescriptor(RocksBackend.CF_PENDING)),
            handles);
    meta = handles.get(1);
    chunks = handles.get(2);
    pending = handles.get(3);
  }

  /** Flips one byte of a chunk value; returns false when the chunk does not exist. */
  boolean flipChunkByte(String key, long generation, long index, int at) throws RocksDBException {
    byte[] k = RocksKeys.chunk(RocksKeys.chunkPrefix(key, generation), index);
    byte[] v = db.get(chunks, k);
    if (v == null) {
      return false;
    }
    v[at] ^= 0x5a;
    db.put(chunks, k, v);
    return true;
  }

  long count(ColumnFamilyHandle cf) {
    long n = 0;
    try (var it = db.newIterator(cf)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    options.close();
  }
}
