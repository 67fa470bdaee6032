package dev.streamedge.packager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PackagerCommandTest {
  @TempDir Path dir;

  @Test
  void helpExitsZero() {
    assertThat(new CommandLine(new PackagerCommand()).execute("--help")).isZero();
  }

  @Test
  void badConfigExitsTwo() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "packager: { listen: 127.0.0.1:0, segmentDuration: x }\n");
    assertThat(new CommandLine(new PackagerCommand()).execute("--config", f.toString())).isEqualTo(2);
  }

  @Test
  void missingConfigOptionIsAUsageError() {
    assertThat(new CommandLine(new PackagerCommand()).execute()).isEqualTo(2);
  }
}
