package dev.streamedge.store.rocks;

import dev.streamedge.store.SegmentStore;
import dev.streamedge.store.SegmentStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/** The whole contract with every object's chunk data in body files (threshold 0). */
class RocksFileBodyContractIT extends SegmentStoreContract {
  @TempDir Path tmp;
  private int stores;
  private RocksStoreConfig last;

  @Override
  protected SegmentStore newStore(long maxSizeBytes, int chunkSize) {
    last =
        RocksStoreConfig.of(tmp.resolve("store-" + stores++).resolve("db"), maxSizeBytes)
            .withChunkSize(chunkSize)
            .withBlockCacheBytes(8L << 20)
            .withBodyFileThreshold(0);
    return RocksSegmentStore.open(last);
  }

  static Path bodyFile(RocksStoreConfig config, long generation) {
    return config.directory().resolve("chunks").resolve(Long.toString(generation));
  }

  @Override
  protected SegmentStore corruptChunk(
      SegmentStore store, String key, long generation, long chunk) {
    store.close();
    flipFileByte(bodyFile(last, generation), chunk * CS + 10);
    return RocksSegmentStore.open(last);
  }

  static void flipFileByte(Path file, long at) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      if (ch.read(b, at) != 1) {
        throw new AssertionError("no byte " + at + " in " + file);
      }
      b.put(0, (byte) (b.get(0) ^ 0x5a)).clear();
      ch.write(b, at);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected SegmentStore misplaceChunk(
      SegmentStore store, String key, long generation, long source, long target) {
    store.close();
    try (RawRocks raw = new RawRocks(last.directory());
        FileChannel ch =
            FileChannel.open(
                bodyFile(last, generation), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      byte[] prefix = RocksKeys.chunkPrefix(key, generation);
      byte[] descriptor = raw.db.get(raw.chunks, RocksKeys.chunk(prefix, source));
      if (descriptor == null) {
        throw new AssertionError("no chunk " + source + " of " + key);
      }
      raw.db.put(raw.chunks, RocksKeys.chunk(prefix, target), descriptor);
      ByteBuffer data = ByteBuffer.allocate(CS);
      ch.read(data, source * CS);
      data.flip();
      ch.write(data, target * CS);
    } catch (RocksDBException | IOException e) {
      throw new AssertionError(e);
    }
    return RocksSegmentStore.open(last);
  }
}
