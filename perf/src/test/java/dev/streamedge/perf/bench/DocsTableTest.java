package dev.streamedge.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DocsTableTest {
  @Test
  void replacesOnlyBetweenTheMarkers() {
    String page = "# Benchmarks\nintro\n" + DocsTable.BEGIN + "\nold table\n" + DocsTable.END + "\nhow to reproduce\n";
    String out = DocsTable.replace(page, "new table\n\n");
    assertThat(out).isEqualTo("# Benchmarks\nintro\n" + DocsTable.BEGIN + "\nnew table\n" + DocsTable.END
        + "\nhow to reproduce\n");
    assertThat(DocsTable.replace(out, "newer")).contains("newer").doesNotContain("new table");
  }

  @Test
  void aPageWithoutMarkersIsRefused() {
    assertThatThrownBy(() -> DocsTable.replace("# nothing", "x")).hasMessageContaining("bench:begin");
  }

  @Test
  void theRealPageHasTheMarkers() throws Exception {
    String page = Files.readString(Path.of("../docs/benchmarks.md"));
    assertThat(page).contains(DocsTable.BEGIN).contains(DocsTable.END);
  }
}
