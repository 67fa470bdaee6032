package dev.streamedge.edge.netty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AfterBatchTest {
  @ParameterizedTest(name = "ended={0} fetchDone={1} batchEmpty={2} -> {3}")
  @CsvSource({
      // an origin that closed after the body: the fetch is done, the rest still to be stored
      "true,  true,  false, STORE",
      "true,  true,  true,  STORE",
      "true,  false, false, STORE",
      "false, true,  false, ORIGIN_FAILED",
      "false, true,  true,  ORIGIN_FAILED",
      "false, false, false, STORE",
      "false, false, true,  READ"})
  void next(boolean ended, boolean fetchDone, boolean batchEmpty, AfterBatch expected) {
    assertThat(AfterBatch.next(ended, fetchDone, batchEmpty)).isEqualTo(expected);
  }
}
