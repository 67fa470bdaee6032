package dev.streamedge.store.rocks;

import dev.streamedge.store.StoreException;
import dev.streamedge.store.engine.Backend;
import dev.streamedge.store.engine.Batch;
import dev.streamedge.store.engine.CacheKeys;
import dev.streamedge.store.engine.ChunkLocation;
import dev.streamedge.store.engine.ObjectRecord;
import dev.streamedge.store.engine.PendingKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Backend} on an embedded RocksDB. Chunks are plain values in their own column family
 * (not BlobDB: measured slower to read, see docs/segment-store.md), uncompressed (video does not
 * compress); records are small, LZ4-compressed, behind a bloom filter. Writes go through the WAL
 * without fsync: a killed process loses nothing, and after a power loss RocksDB recovers a prefix
 * of the writes, which the commit protocol makes safe.
 */
final class RocksBackend implements Backend {
  private static final Logger log = LoggerFactory.getLogger(RocksBackend.class);
  static final byte[] CF_META = "meta".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CF_CHUNKS = "chunks".getBytes(StandardCharsets.US_ASCII);
  static final byte[] CF_PENDING = "pending".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BOOT_KEY = "boot-epoch".getBytes(StandardCharsets.US_ASCII);
  /** Up to this many chunks are deleted one by one; more get one range tombstone. */
  private static final long POINT_DELETE_MAX = 64;
  private static final int KEY_BUFFER = CacheKeys.MAX_KEY_BYTES + 32;

  private final List<RocksObject> resources = new ArrayList<>();
  private final RocksDB db;
  private final ColumnFamilyHandle defaultCf;
  private final ColumnFamilyHandle metaCf;
  private final ColumnFamilyHandle chunksCf;
  private final ColumnFamilyHandle pendingCf;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final ReadOptions chunkReadOptions;
  private final ThreadLocal<ByteBuffer> keyBuffers =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(KEY_BUFFER));
  private final Path bodyDirectory;
  private final long bodyFileThreshold;
  private long bootEpoch;

  /**
   * @param engineVerifiesChunks whether the engine checks each chunk's CRC32C on every read: then
   *     RocksDB's block checksum is not verified again on chunk reads (the engine's check covers
   *     the chunk's identity and data; the second pass cost ~10% of the CPU of a large download)
   * @param bodyFileThreshold see {@link RocksStoreConfig#bodyFileThreshold()}
   */
  RocksBackend(
      Path directory, long blockCacheBytes, boolean engineVerifiesChunks, long bodyFileThreshold) {
    this.bodyDirectory = directory.resolve("chunks");
    this.bodyFileThreshold = bodyFileThreshold;
    RocksDB.loadLibrary();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StoreException("cannot create the store directory " + directory, e);
    }
    Cache cache = own(new LRUCache(Math.max(blockCacheBytes, 1L << 20)));

    BlockBasedTableConfig chunkTable = new BlockBasedTableConfig();
    if (blockCacheBytes == 0) {
      chunkTable.setNoBlockCache(true);
    } else {
      chunkTable.setBlockCache(cache);
    }
    chunkTable.setBlockSize(16 * 1024);
    ColumnFamilyOptions chunkOptions =
        own(new ColumnFamilyOptions()
            .setCompressionType(CompressionType.NO_COMPRESSION)
            // Up to 8 x 64 MiB memtables: with fewer, sustained writes stalled on flushes
            // ("3 immutable memtables, waiting for flush") at RocksDB's 16 MB/s delayed rate;
            // measured 120-164 MB/s with 4, 197 with 6, 216-220 with 8 (docs/segment-store.md).
            .setWriteBufferSize(64L << 20)
            .setMaxWriteBufferNumber(8)
            .setMinWriteBufferNumberToMerge(1)
            .setTargetFileSizeBase(256L << 20)
            .setMaxBytesForLevelBase(1L << 30)
            .setLevelCompactionDynamicLevelBytes(true)
            .setTableFormatConfig(chunkTable));

    BlockBasedTableConfig metaTable = new BlockBasedTableConfig();
    metaTable.setBlockCache(cache);
    metaTable.setFilterPolicy(own(new BloomFilter(10)));
    metaTable.setCacheIndexAndFilterBlocks(false);
    ColumnFamilyOptions metaOptions =
        own(new ColumnFamilyOptions()
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setWriteBufferSize(16L << 20)
            .setLevelCompactionDynamicLevelBytes(true)
            .setTableFormatConfig(metaTable));
    ColumnFamilyOptions smallOptions = own(new ColumnFamilyOptions().setWriteBufferSize(4L << 20));

    DBOptions dbOptions =
        own(new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(8) // two flush threads, six compaction threads
            .setBytesPerSync(1L << 20)
            .setMaxTotalWalSize(512L << 20)
            .setKeepLogFileNum(4)
            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL));
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions),
            new ColumnFamilyDescriptor(CF_META, metaOptions),
            new ColumnFamilyDescriptor(CF_CHUNKS, chunkOptions),
            new ColumnFamilyDescriptor(CF_PENDING, smallOptions));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeResources();
      throw new StoreException("cannot open the store at " + directory + ": " + e.getMessage(), e);
    }
    defaultCf = handles.get(0);
    metaCf = handles.get(1);
    chunksCf = handles.get(2);
    pendingCf = handles.get(3);
    writeOptions = own(new WriteOptions().setSync(false).setDisableWAL(false));
    readOptions = own(new ReadOptions().setVerifyChecksums(true).setFillCache(true));
    chunkReadOptions =
        engineVerifiesChunks
            ? own(new ReadOptions().setVerifyChecksums(false).setFillCache(true))
            : readOptions;
  }

  private <T extends RocksObject> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public long generationBase() {
    return bootEpoch << 40;
  }

  @Override
  public void recover(BiConsumer<String, ObjectRecord> sink) {
    try {
      byte[] boot = db.get(defaultCf, BOOT_KEY);
      bootEpoch = (boot == null ? 0 : ByteBuffer.wrap(boot).getLong()) + 1;
      try (WriteOptions sync = new WriteOptions().setSync(true)) {
        db.put(defaultCf, sync, BOOT_KEY, ByteBuffer.allocate(8).putLong(bootEpoch).array());
      }
      int orphans = deletePendingChunks();
      int records = 0;
      int unreadable = 0;
      try (RocksIterator it = db.newIterator(metaCf);
          WriteBatch drop = new WriteBatch()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          byte[] key = it.key();
          ObjectRecord record = RecordCodec.decode(it.value());
          if (record == null || key.length == 0 || key[key.length - 1] != 0) {
            // Not a record this version understands: drop the key with every chunk it has.
            byte[] end = key.clone();
            end[end.length - 1]++;
            drop.deleteRange(metaCf, key, end);
            drop.deleteRange(chunksCf, key, end);
            unreadable++;
            continue;
          }
          sink.accept(RocksKeys.cacheKeyOf(key), record);
          records++;
        }
        it.status();
        if (drop.count() > 0) {
          db.write(writeOptions, drop);
        }
      }
      log.info(
          "rocks store opened: boot epoch {}, {} records, {} orphaned chunk sets deleted,"
              + " {} unreadable records dropped",
          bootEpoch, records, orphans, unreadable);
    } catch (RocksDBException e) {
      throw new StoreException("recovery failed: " + e.getMessage(), e);
    }
  }

  /** Deletes the chunks every pending record names (fills cut short, unfinished drops). */
  private int deletePendingChunks() throws RocksDBException {
    int n = 0;
    try (RocksIterator it = db.newIterator(pendingCf);
        WriteBatch batch = new WriteBatch()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        int sep = RocksKeys.separatorAt(key);
        if (key.length != sep + 1 + 8 + 1 + 8) {
          batch.delete(pendingCf, key);
          continue;
        }
        byte[] prefix = Arrays.copyOf(key, sep + 9);
        long from = ByteBuffer.wrap(key, sep + 10, 8).getLong();
        long to = ByteBuffer.wrap(it.value()).getLong();
        byte[][] range = RocksKeys.chunkRange(prefix, from, to);
        batch.deleteRange(chunksCf, range[0], range[1]);
        batch.delete(pendingCf, key);
        n++;
      }
      it.status();
      if (batch.count() > 0) {
        db.write(writeOptions, batch);
      }
    }
    return n;
  }

  @Override
  public ChunkLocation locate(String key, long generation) {
    return new ChunkLocation(key, generation, RocksKeys.chunkPrefix(key, generation));
  }

  @Override
  public Path bodyDirectory() {
    return bodyDirectory;
  }

  @Override
  public long bodyFileThreshold() {
    return bodyFileThreshold;
  }

  @Override
  public ObjectRecord readRecord(String key) {
    try {
      byte[] value = db.get(metaCf, readOptions, RocksKeys.record(key));
      return value == null ? null : RecordCodec.decode(value);
    } catch (RocksDBException e) {
      throw new StoreException("reading the record of " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public int readChunk(ChunkLocation location, long index, ByteBuffer dst) {
    ByteBuffer key = chunkKey(location, index);
    try {
      // get() caps the value buffer's limit and moves the key's position: give it duplicates.
      int n = db.get(chunksCf, chunkReadOptions, key, dst.duplicate());
      return n == RocksDB.NOT_FOUND ? -1 : n;
    } catch (RocksDBException e) {
      Status s = e.getStatus();
      if (s != null && s.getCode() == Status.Code.Corruption) {
        log.warn("RocksDB reports corruption reading {} chunk {}: {}", location.key(), index,
            e.getMessage());
        return Backend.CORRUPT;
      }
      throw new StoreException("reading a chunk of " + location.key() + " failed", e);
    }
  }

  @Override
  public void putChunk(ChunkLocation location, long index, ByteBuffer value) {
    ByteBuffer key = chunkKey(location, index);
    try {
      db.put(chunksCf, writeOptions, key, value.duplicate());
    } catch (RocksDBException e) {
      throw new StoreException("writing a chunk of " + location.key() + " failed", e);
    }
  }

  private ByteBuffer chunkKey(ChunkLocation location, long index) {
    ByteBuffer key = keyBuffers.get();
    key.clear();
    key.put(location.encoded()).putLong(index).flip();
    return key;
  }

  @Override
  public Batch newBatch() {
    return new RocksBatch();
  }

  @Override
  public void write(Batch batch) {
    try {
      db.write(writeOptions, ((RocksBatch) batch).batch);
    } catch (RocksDBException e) {
      throw new StoreException("store write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      log.warn("flushing the WAL on close failed", e);
    }
    for (ColumnFamilyHandle h : List.of(defaultCf, metaCf, chunksCf, pendingCf)) {
      h.close();
    }
    try {
      db.closeE();
    } catch (RocksDBException e) {
      log.warn("closing RocksDB failed", e);
    }
    closeResources();
  }

  private void closeResources() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    resources.clear();
  }

  private final class RocksBatch implements Batch {
    final WriteBatch batch = new WriteBatch();

    @Override
    public void putChunk(ChunkLocation location, long index, ByteBuffer value) {
      try {
        if (value.isDirect()) {
          batch.put(chunksCf, chunkKey(location, index), value.duplicate());
        } else {
          byte[] v = new byte[value.remaining()];
          value.duplicate().get(v);
          batch.put(chunksCf, RocksKeys.chunk(location.encoded(), index), v);
        }
      } catch (RocksDBException e) {
        throw new StoreException("batch put failed", e);
      }
    }

    @Override
    public void deleteChunks(ChunkLocation location, long fromIndex, long toIndex) {
      try {
        if (toIndex != Long.MAX_VALUE && toIndex - fromIndex <= POINT_DELETE_MAX) {
          // Point deletes: cheap to read past, unlike many small range tombstones.
          for (long i = fromIndex; i < toIndex; i++) {
            batch.delete(chunksCf, RocksKeys.chunk(location.encoded(), i));
          }
        } else {
          byte[][] range = RocksKeys.chunkRange(location.encoded(), fromIndex, toIndex);
          batch.deleteRange(chunksCf, range[0], range[1]);
        }
      } catch (RocksDBException e) {
        throw new StoreException("batch delete failed", e);
      }
    }

    @Override
    public void putRecord(String key, ObjectRecord record) {
      try {
        batch.put(metaCf, RocksKeys.record(key), RecordCodec.encode(record));
      } catch (RocksDBException e) {
        throw new StoreException("batch put failed", e);
      }
    }

    @Override
    public void deleteRecord(String key) {
      try {
        batch.delete(metaCf, RocksKeys.record(key));
      } catch (RocksDBException e) {
        throw new StoreException("batch delete failed", e);
      }
    }

    @Override
    public void putPending(ChunkLocation location, PendingKind kind, long fromIndex, long toIndex) {
      try {
        batch.put(
            pendingCf,
            RocksKeys.pending(location.encoded(), (byte) kind.ordinal(), fromIndex),
            ByteBuffer.allocate(8).putLong(toIndex).array());
      } catch (RocksDBException e) {
        throw new StoreException("batch put failed", e);
      }
    }

    @Override
    public void deletePending(ChunkLocation location, PendingKind kind, long fromIndex) {
      try {
        batch.delete(
            pendingCf, RocksKeys.pending(location.encoded(), (byte) kind.ordinal(), fromIndex));
      } catch (RocksDBException e) {
        throw new StoreException("batch delete failed", e);
      }
    }

    @Override
    public void purgePrefix(String prefix) {
      deleteRanges(RocksKeys.prefixRange(prefix));
    }

    @Override
    public void purgeKey(String key) {
      deleteRanges(RocksKeys.keyRange(key));
    }

    private void deleteRanges(byte[][] range) {
      try {
        batch.deleteRange(metaCf, range[0], range[1]);
        batch.deleteRange(chunksCf, range[0], range[1]);
      } catch (RocksDBException e) {
        throw new StoreException("batch range delete failed", e);
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
