package dev.streamedge.store.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheKeysTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "host/path/seg-1.ts?x=1", "vidéo/é.ts", "emoji/\uD83C\uDFAC.ts"})
  void acceptsKeys(String key) {
    assertThat(CacheKeys.check(key)).isEqualTo(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\u0000b", "\uD800", "x\uDC00", "\uD800x"})
  void rejectsKeys(String key) {
    assertThatThrownBy(() -> CacheKeys.check(key)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {8192, 8193})
  void limitsTheKeyLength(int n) {
    String key = "k".repeat(n);
    if (n <= CacheKeys.MAX_KEY_BYTES) {
      assertThat(CacheKeys.check(key)).isEqualTo(key);
    } else {
      assertThatThrownBy(() -> CacheKeys.check(key)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "b", "seg/1.ts"})
  void fingerprintsAreStableAndSpread(String key) {
    assertThat(CacheKeys.fingerprint(key)).isEqualTo(CacheKeys.fingerprint(new String(key)));
    assertThat(CacheKeys.fingerprint(key)).isNotEqualTo(CacheKeys.fingerprint(key + "x"));
  }
}
