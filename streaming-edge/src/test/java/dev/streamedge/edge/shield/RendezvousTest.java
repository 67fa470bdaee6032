package dev.streamedge.edge.shield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RendezvousTest {
  private static final int KEYS = 1_000_000;
  private static final double TOLERANCE = 0.003;
  private static long[] keyHashes;

  @BeforeAll
  static void keys() {
    keyHashes = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      // Cache-key shaped: the path, then a space (the key's URL part ends there).
      keyHashes[i] = Rendezvous.keyHash("/videos/asset-" + (i / 100) + "/720p/seg-" + (i % 100) + ".ts ", -1);
    }
  }

  private static List<String> shields(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> "shield-" + i).toList();
  }

  private static int[] owners(Rendezvous<String> r, List<String> names) {
    int[] owner = new int[KEYS];
    for (int i = 0; i < KEYS; i++) {
      owner[i] = names.indexOf(r.first(keyHashes[i]));
    }
    return owner;
  }

  @ParameterizedTest(name = "{0} shields, shield-{1} leaves")
  @CsvSource({"2, 1", "3, 2", "5, 3", "7, 4", "10, 1", "10, 10"})
  void removingAShieldMovesExactlyItsKeys(int n, int leaving) {
    List<String> before = shields(n);
    List<String> after = new ArrayList<>(before);
    after.remove("shield-" + leaving);
    int[] was = owners(Rendezvous.of(before, Function.identity()), before);
    int[] now = owners(Rendezvous.of(after, Function.identity()), before);

    int[] share = new int[n];
    long moved = 0;
    long movedBetweenSurvivors = 0;
    for (int i = 0; i < KEYS; i++) {
      share[was[i]]++;
      if (was[i] != now[i]) {
        moved++;
        if (was[i] != leaving - 1) {
          movedBetweenSurvivors++;
        }
      }
    }
    assertThat(movedBetweenSurvivors).isZero();
    assertThat(moved).isEqualTo(share[leaving - 1]);
    assertThat((double) moved / KEYS).isCloseTo(1.0 / n, org.assertj.core.api.Assertions.within(TOLERANCE));
    for (int s : share) {
      assertThat((double) s / KEYS).isCloseTo(1.0 / n, org.assertj.core.api.Assertions.within(TOLERANCE));
    }
  }

  @ParameterizedTest(name = "{0} shields + 1")
  @CsvSource({"1", "2", "4", "9"})
  void addingAShieldTakesItsShareOnlyForItself(int n) {
    List<String> before = shields(n);
    List<String> after = shields(n + 1);
    int[] was = owners(Rendezvous.of(before, Function.identity()), after);
    int[] now = owners(Rendezvous.of(after, Function.identity()), after);
    long moved = 0;
    for (int i = 0; i < KEYS; i++) {
      if (was[i] != now[i]) {
        assertThat(now[i]).isEqualTo(n); // only to the new shield
        moved++;
      }
    }
    assertThat((double) moved / KEYS).isCloseTo(1.0 / (n + 1), org.assertj.core.api.Assertions.within(TOLERANCE));
  }

  /** Fixed values: any JVM, any run, any edge computes exactly these (a change here reshuffles every cache). */
  @ParameterizedTest(name = "{0} #{1}")
  @CsvSource(delimiter = '|', value = {
      "'/videos/a/720p/seg-00001.ts '              |   -1 | shield-b,shield-c,shield-a",
      "'/videos/a/720p/seg-00002.ts '              |   -1 | shield-c,shield-a,shield-b",
      "'/videos/a/index.m3u8 '                     |   -1 | shield-a,shield-b,shield-c",
      "'/files/big.iso '                           |    0 | shield-b,shield-c,shield-a",
      "'/files/big.iso '                           |    1 | shield-c,shield-a,shield-b",
      "'/files/big.iso '                           | 5119 | shield-c,shield-a,shield-b",
      "'/img/a.jpg?size=L h15:accept-language2:fr' |   -1 | shield-c,shield-a,shield-b",
  })
  void stableAcrossJvms(String cacheKey, long slice, String expected) {
    Rendezvous<String> r = Rendezvous.of(List.of("shield-a", "shield-b", "shield-c"), Function.identity());
    assertThat(String.join(",", r.ranked(cacheKey, slice))).isEqualTo(expected);
  }

  @Test
  void fixedHashes() {
    assertThat(Rendezvous.nodeSeed("shield-a")).isEqualTo(Murmur3.hash64("shield-a".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0));
    assertThat(Rendezvous.keyHash("/files/big.iso ", -1))
        .isEqualTo(Murmur3.hash64("/files/big.iso ".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0));
    assertThat(Rendezvous.keyHash("/files/big.iso ", 0)).isNotEqualTo(Rendezvous.keyHash("/files/big.iso ", -1));
  }

  @Test
  void fallbackOrderIsDescendingScore() {
    List<String> names = shields(6);
    Rendezvous<String> r = Rendezvous.of(names, Function.identity());
    for (int k = 0; k < 1000; k++) {
      long h = keyHashes[k];
      List<String> ranked = r.ranked(h);
      assertThat(ranked).containsExactlyInAnyOrderElementsOf(names);
      assertThat(ranked.get(0)).isEqualTo(r.first(h));
      for (int i = 1; i < ranked.size(); i++) {
        long prev = Rendezvous.score(h, Rendezvous.nodeSeed(ranked.get(i - 1)));
        long cur = Rendezvous.score(h, Rendezvous.nodeSeed(ranked.get(i)));
        assertThat(Long.compareUnsigned(prev, cur)).isPositive();
      }
    }
  }

  @Test
  void theSecondChoiceIsWhereTheKeyGoesWhenTheFirstLeaves() {
    List<String> names = shields(5);
    Rendezvous<String> all = Rendezvous.of(names, Function.identity());
    for (int k = 0; k < 1000; k++) {
      List<String> ranked = all.ranked(keyHashes[k]);
      List<String> rest = new ArrayList<>(names);
      rest.remove(ranked.get(0));
      assertThat(Rendezvous.of(rest, Function.identity()).first(keyHashes[k])).isEqualTo(ranked.get(1));
    }
  }

  @Test
  void theOrderOfTheListDoesNotMatter() {
    List<String> names = shields(4);
    List<String> reversed = new ArrayList<>(names);
    java.util.Collections.reverse(reversed);
    Rendezvous<String> a = Rendezvous.of(names, Function.identity());
    Rendezvous<String> b = Rendezvous.of(reversed, Function.identity());
    for (int k = 0; k < 1000; k++) {
      assertThat(a.ranked(keyHashes[k])).isEqualTo(b.ranked(keyHashes[k]));
    }
  }

  @Test
  void slicesOfOneObjectSpreadOverTheShields() {
    Rendezvous<String> r = Rendezvous.of(shields(2), Function.identity());
    int first = 0;
    for (long slice = 0; slice < 10_000; slice++) {
      if (r.first(Rendezvous.keyHash("/files/big.iso ", slice)).equals("shield-1")) {
        first++;
      }
    }
    assertThat(first).isBetween(4_700, 5_300);
  }

  @Test
  void emptyAndSingle() {
    Rendezvous<String> none = Rendezvous.of(List.of(), Function.identity());
    assertThat(none.first(1)).isNull();
    assertThat(none.ranked("/a ", -1)).isEmpty();
    assertThat(Rendezvous.of(List.of("s"), Function.identity()).ranked("/a ", -1)).containsExactly("s");
  }

  @Test
  void duplicateIdsAreRefused() {
    assertThatThrownBy(() -> Rendezvous.of(List.of("a", "a"), Function.identity()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
  }
}
