package dev.streamedge.player.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHashTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aHashMatchesItsPasswordOnly() {
    PasswordHash h = PasswordHash.create("correct horse".toCharArray(), RANDOM, 1_000);
    assertThat(h.matches("correct horse".toCharArray())).isTrue();
    assertThat(h.matches("correct hors".toCharArray())).isFalse();
    assertThat(h.matches("Correct horse".toCharArray())).isFalse();
    assertThat(h.matches(new char[0])).isFalse();
  }

  @Test
  void theStoredFormRoundTrips() {
    PasswordHash h = PasswordHash.create("pw".toCharArray(), RANDOM, 1_234);
    PasswordHash back = PasswordHash.parse(h.format());
    assertThat(back.format()).isEqualTo(h.format());
    assertThat(back.iterations()).isEqualTo(1_234);
    assertThat(back.matches("pw".toCharArray())).isTrue();
    assertThat(h.format()).startsWith("pbkdf2-sha256$1234$").doesNotContain("=");
    assertThat(h.toString()).doesNotContain(h.format().substring(h.format().lastIndexOf('$') + 1));
  }

  @Test
  void twoHashesOfOnePasswordDifferBySalt() {
    assertThat(PasswordHash.create("pw".toCharArray(), RANDOM, 1_000).format())
        .isNotEqualTo(PasswordHash.create("pw".toCharArray(), RANDOM, 1_000).format());
  }

  /** A known answer (checked with {@code openssl kdf ... PBKDF2}): 4096 iterations, 40 bytes. */
  @Test
  void knownAnswer() {
    String stored = "pbkdf2-sha256$4096$c2FsdFNBTFRzYWx0U0FMVHNhbHRTQUxUc2FsdFNBTFRzYWx0$NIyJ28vTKy8y2BS4EW6EzysXNH68GAAYHE4qH7jdU+HGNVGMfaxH6Q";
    assertThat(PasswordHash.parse(stored).matches("passwordPASSWORDpassword".toCharArray())).isTrue();
    assertThat(PasswordHash.parse(stored).matches("passwordPASSWORDpassworD".toCharArray())).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "plain                                                      | expected pbkdf2-sha256$",
      "bcrypt$10$abc$def                                          | unknown hash scheme 'bcrypt'",
      "pbkdf2-sha256$ten$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA  | iterations 'ten' is not a number",
      "pbkdf2-sha256$999$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA  | iterations 999 outside",
      "pbkdf2-sha256$20000000$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA | iterations 20000000 outside",
      "pbkdf2-sha256$1000$c2FsdA$AAAAAAAAAAAAAAAAAAAAAA            | salt of 4 bytes",
      "pbkdf2-sha256$1000$!!!!$AAAAAAAAAAAAAAAAAAAAAA              | salt is not base64",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$AAAA                    | hash of 3 bytes",
      "pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAA$x | expected pbkdf2-sha256$",
  })
  void malformedStoredFormsSayWhy(String stored, String message) {
    assertThatThrownBy(() -> PasswordHash.parse(stored.strip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }
}
