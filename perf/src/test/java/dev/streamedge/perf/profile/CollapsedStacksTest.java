package dev.streamedge.perf.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollapsedStacksTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "_copy_from_iter_[k] | kernel",
      "java/lang/String.length | Java",
      "dev/streamedge/edge/netty/StoreResponder.onRead_[j] | Java",
      "__memmove_avx_unaligned_erms | native (JVM, libc, RocksDB)",
      "PhaseChaitin::Split | native (JVM, libc, RocksDB)",
      "rocksdb::DBImpl::GetImpl | native (JVM, libc, RocksDB)",
  })
  void leafKinds(String leaf, String kind) {
    assertThat(CollapsedStacks.kind(leaf)).isEqualTo(kind);
  }

  @Test
  void summarizesSelfInclusiveCallersAndThreads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cpu.collapsed");
    Files.writeString(file, String.join("\n",
        "[edge-io-3-1 tid=10];java/lang/Thread.run;dev/streamedge/edge/netty/StoreResponder.onRead;"
            + "io/netty/channel/unix/Socket.sendAddress;_copy_from_iter_[k] 60",
        "[edge-blocking-2 tid=11];java/lang/Thread.run;dev/streamedge/store/rocks/RocksBackend.readChunk;"
            + "org/rocksdb/RocksDB.getDirect;__memmove_avx_unaligned_erms 30",
        "[C2 CompilerThre tid=5];thread_native_entry;PhaseChaitin::Split 10",
        "garbage line without count"));
    CollapsedStacks c = CollapsedStacks.read(file);
    assertThat(c.total()).isEqualTo(100);
    String md = c.markdown(10);
    assertThat(md).contains("kernel 60%", "native (JVM, libc, RocksDB) 40%");
    assertThat(md).contains("| 60.0 | `_copy_from_iter_[k]` |");
    assertThat(md).contains("| 60.0 | `dev.streamedge.edge.netty.StoreResponder.onRead` |");
    assertThat(md).contains("`io.netty.channel.unix.Socket.sendAddress ← dev.streamedge.edge.netty.StoreResponder.onRead"
        + " ← java.lang.Thread.run`");
    assertThat(md).contains("| 60.0 | `edge-io-3` |", "| 30.0 | `edge-blocking` |");
  }
}
