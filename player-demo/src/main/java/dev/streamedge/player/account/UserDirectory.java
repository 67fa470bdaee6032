package dev.streamedge.player.account;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users who may sign in, from a users file: one {@code name:pbkdf2-sha256$…} per line, {@code #}
 * comments and blank lines ignored. The file is re-read when its modification time or size changes
 * (checked at each sign-in), so users are added without a restart; a broken edit keeps the previous list.
 */
public final class UserDirectory {
  private static final Logger log = LoggerFactory.getLogger(UserDirectory.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final Path file;
  /** Hashed for unknown names, so a wrong name costs as much as a wrong password. */
  private final PasswordHash decoy;
  private volatile Snapshot snapshot;

  private record Snapshot(Map<String, PasswordHash> users, long modified, long size) {}

  private UserDirectory(Path file, Snapshot snapshot) {
    this.file = file;
    this.snapshot = snapshot;
    this.decoy = PasswordHash.create("decoy".toCharArray(), new SecureRandom(), maxIterations(snapshot));
  }

  /**
   * Loads {@code file}.
   *
   * @throws UsersFileException naming the file and line when it cannot be read or a line is malformed
   */
  public static UserDirectory load(Path file) {
    Objects.requireNonNull(file, "file");
    return new UserDirectory(file, read(file));
  }

  /** Whether {@code name} is a valid user name at all (1-64 of {@code A-Z a-z 0-9 . _ @ -}). */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Whether {@code name} exists and {@code password} is theirs. Costs one PBKDF2 either way. */
  public boolean verify(String name, char[] password) {
    Objects.requireNonNull(password, "password");
    PasswordHash hash = isValidName(name) ? current().users().get(name) : null;
    if (hash == null) {
      decoy.matches(password);
      return false;
    }
    return hash.matches(password);
  }

  public int size() {
    return snapshot.users().size();
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (a.lastModifiedTime().toMillis() != s.modified() || a.size() != s.size()) {
        Snapshot next = read(file);
        snapshot = next;
        log.info("users file {} reloaded: {} users", file, next.users().size());
        return next;
      }
    } catch (IOException | UsersFileException e) {
      log.warn("users file {} not reloaded, keeping the previous {} users: {}", file, s.users().size(), e.getMessage());
    }
    return s;
  }

  private static Snapshot read(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return new Snapshot(parse(file.toString(), lines), a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      throw new UsersFileException("cannot read users file " + file + ": " + e);
    }
  }

  static Map<String, PasswordHash> parse(String fileName, List<String> lines) {
    Map<String, PasswordHash> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = fileName + " line " + (i + 1) + ": ";
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new UsersFileException(where + "expected name:" + PasswordHash.SCHEME + "$…");
      }
      String name = line.substring(0, colon);
      if (!isValidName(name)) {
        throw new UsersFileException(where + "user name '" + name + "' must be 1-64 of A-Z a-z 0-9 . _ @ -");
      }
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(line.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new UsersFileException(where + e.getMessage());
      }
      if (users.putIfAbsent(name, hash) != null) {
        throw new UsersFileException(where + "user '" + name + "' is listed twice");
      }
    }
    return users;
  }

  private static int maxIterations(Snapshot s) {
    return s.users().values().stream().mapToInt(PasswordHash::iterations).max().orElse(PasswordHash.DEFAULT_ITERATIONS);
  }
}
