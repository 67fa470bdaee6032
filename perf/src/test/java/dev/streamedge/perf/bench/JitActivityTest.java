package dev.streamedge.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitActivityTest {
  @Test
  void recognisesHotSpotsCompilerThreadsOnly() {
    assertThat(JitActivity.isCompiler("C2 CompilerThre\n")).isTrue();
    assertThat(JitActivity.isCompiler("C1 CompilerThre\n")).isTrue();
    assertThat(JitActivity.isCompiler("edge-io-3-1\n")).isFalse();
    assertThat(JitActivity.isCompiler("GC Thread#0\n")).isFalse();
  }

  @Test
  void readsTheRunTimeFromSchedstat() {
    assertThat(JitActivity.parseSchedstat("8630960000 2192000000 6406\n")).isEqualTo(8_630_960_000L);
  }

  @Test
  void measuresThisJvmsOwnCompilerThreads() {
    long ms = JitActivity.compilerMillis(ProcessHandle.current().pid());
    // A JVM that has loaded JUnit and AssertJ has compiled something; -1 only off Linux.
    assertThat(ms).isGreaterThanOrEqualTo(System.getProperty("os.name").equals("Linux") ? 0 : -1);
    assertThat(JitActivity.compilerMillis(ProcessHandle.current().pid())).isGreaterThanOrEqualTo(ms);
  }

  @Test
  void aProcessThatIsNotThereHasNoFigure() {
    assertThat(JitActivity.compilerMillis(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
