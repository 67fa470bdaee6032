package dev.streamedge.player.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserDirectoryTest {
  private static final String HASH = PasswordHash.create("secret".toCharArray(), new SecureRandom(), 1_000).format();

  @TempDir
  Path dir;

  @Test
  void verifiesKnownUsersAndRefusesTheRest() throws Exception {
    Path file = dir.resolve("users.txt");
    Files.writeString(file, "# subscribers\n\nalice:" + HASH + "\n  bob@example.com:" + HASH + "  \n");
    UserDirectory users = UserDirectory.load(file);
    assertThat(users.size()).isEqualTo(2);
    assertThat(users.verify("alice", "secret".toCharArray())).isTrue();
    assertThat(users.verify("bob@example.com", "secret".toCharArray())).isTrue();
    assertThat(users.verify("alice", "Secret".toCharArray())).isFalse();
    assertThat(users.verify("carol", "secret".toCharArray())).isFalse();
    assertThat(users.verify("bad name", "secret".toCharArray())).isFalse();
    assertThat(users.verify(null, "secret".toCharArray())).isFalse();
  }

  @Test
  void anEditedFileIsPickedUpAndABrokenEditKeepsThePreviousList() throws Exception {
    Path file = dir.resolve("users.txt");
    Files.writeString(file, "alice:" + HASH + "\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
    UserDirectory users = UserDirectory.load(file);
    assertThat(users.verify("carol", "secret".toCharArray())).isFalse();

    Files.writeString(file, "alice:" + HASH + "\ncarol:" + HASH + "\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-02T00:00:00Z")));
    assertThat(users.verify("carol", "secret".toCharArray())).isTrue();

    Files.writeString(file, "carol:broken\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-03T00:00:00Z")));
    assertThat(users.verify("alice", "secret".toCharArray())).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "alice                      | line 1: expected name:pbkdf2-sha256$",
      "al ice:HASH                | line 1: user name 'al ice' must be",
      ":HASH                      | line 1: user name '' must be",
      "alice:md5$1$a$b            | line 1: unknown hash scheme 'md5'",
  })
  void malformedLinesNameTheLine(String line, String message) {
    assertThatThrownBy(() -> UserDirectory.parse("users.txt", List.of(line.replace("HASH", HASH))))
        .isInstanceOf(UsersFileException.class)
        .hasMessageStartingWith("users.txt ")
        .hasMessageContaining(message.strip());
  }

  @Test
  void aUserListedTwiceIsAnError() {
    assertThatThrownBy(() -> UserDirectory.parse("u", List.of("# x", "a:" + HASH, "a:" + HASH)))
        .hasMessageContaining("line 3: user 'a' is listed twice");
  }

  @Test
  void aMissingFileSaysSo() {
    assertThatThrownBy(() -> UserDirectory.load(dir.resolve("nope.txt")))
        .isInstanceOf(UsersFileException.class).hasMessageContaining("nope.txt");
  }
}
