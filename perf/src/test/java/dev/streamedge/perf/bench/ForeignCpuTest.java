package dev.streamedge.perf.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForeignCpuTest {
  @Test
  void busyTicksLeaveOutIdleAndIowait() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assertThat(ForeignCpu.parseBusy("cpu  100 5 50 9000 40 3 2 1 0 0")).isEqualTo(100 + 5 + 50 + 3 + 2 + 1);
  }

  @Test
  void processTicksSurviveACommandNameWithSpacesAndParentheses() {
    String stat = "4242 (nginx: (worker) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 700 300 20 10 20 0 1 0 5 0";
    assertThat(ForeignCpu.parseProcessTicks(stat, false)).isEqualTo(1000);
    assertThat(ForeignCpu.parseProcessTicks(stat, true)).isEqualTo(1030);
  }

  @Test
  void foreignCoresAreBusyTimeMinusOurs() {
    ForeignCpu.Sample a = new ForeignCpu.Sample(0, 1000, 400);
    ForeignCpu.Sample b = new ForeignCpu.Sample(2_000_000_000L, 1300, 600); // 2 s: 300 busy, 200 ours
    assertThat(ForeignCpu.cores(a, b)).isEqualTo(0.5);
    assertThat(ForeignCpu.cores(a, new ForeignCpu.Sample(1_000_000_000L, 1100, 500))).isZero();
  }

  @Test
  void samplingHereWorks() {
    ForeignCpu.Sample s = ForeignCpu.sample();
    assertThat(s.busyTicks()).isPositive();
    assertThat(s.ownTicks()).isPositive();
  }
}
