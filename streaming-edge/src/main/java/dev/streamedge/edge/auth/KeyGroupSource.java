package dev.streamedge.edge.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link KeyGroups}, loaded from PEM files and reloadable without a restart.
 *
 * <p>{@link #reload()} re-reads every file (they are small) and swaps in a new snapshot only when
 * the key material changed; a reload that fails for any file keeps the previous snapshot entire and
 * reports why, so a half-written PEM during a rotation never drops a key that is still in use. It
 * reads files, so call it off the event loop (from a file watcher or a timer); {@link #get()} is a
 * volatile read and is what the verifier calls per request.
 */
public final class KeyGroupSource implements Supplier<KeyGroups> {
  private static final Logger log = LoggerFactory.getLogger(KeyGroupSource.class);
  /** A public key PEM is under 1 KiB; anything far larger is the wrong file. */
  private static final long MAX_PEM_BYTES = 64 * 1024;

  private final AtomicReference<KeyGroups> current;
  private volatile List<KeyGroupSpec> specs;

  private KeyGroupSource(List<KeyGroupSpec> specs, KeyGroups initial) {
    this.specs = specs;
    this.current = new AtomicReference<>(initial);
  }

  /**
   * Loads every key of {@code specs} or fails with a {@link KeyGroupException} whose message names
   * the config key ({@code distribution.keyGroups[0].publicKeys[1].pemFile}) and the problem: a
   * startup error.
   */
  public static KeyGroupSource load(List<KeyGroupSpec> specs) throws KeyGroupException {
    List<KeyGroupSpec> copy = List.copyOf(Objects.requireNonNull(specs, "specs"));
    KeyGroups groups = build(copy);
    log.info("loaded key groups {}", groups);
    return new KeyGroupSource(copy, groups);
  }

  @Override
  public KeyGroups get() {
    return current.get();
  }

  /** The specs the current keys were loaded from. */
  public List<KeyGroupSpec> specs() {
    return specs;
  }

  /** Re-reads the configured PEM files. */
  public synchronized ReloadOutcome reload() {
    return reload(specs);
  }

  /** Loads {@code newSpecs} (a changed configuration); on failure keeps the current keys and specs. */
  public synchronized ReloadOutcome reload(List<KeyGroupSpec> newSpecs) {
    List<KeyGroupSpec> copy = List.copyOf(Objects.requireNonNull(newSpecs, "newSpecs"));
    KeyGroups next;
    try {
      next = build(copy);
    } catch (KeyGroupException e) {
      log.warn("key group reload failed, keeping the previous keys: {}", e.getMessage());
      return new ReloadOutcome.Failed(e.getMessage());
    }
    KeyGroups previous = current.get();
    specs = copy;
    if (next.sameAs(previous)) {
      return new ReloadOutcome.Unchanged();
    }
    current.set(next);
    List<String> changes = diff(previous, next);
    log.info("key groups reloaded: {}", changes);
    return new ReloadOutcome.Reloaded(next, changes);
  }

  /** What a reload did. */
  public sealed interface ReloadOutcome {
    /** New keys are in use; {@code changes} lists what was added and removed, for the log. */
    record Reloaded(KeyGroups groups, List<String> changes) implements ReloadOutcome {}

    /** The files hold the same keys as before. */
    record Unchanged() implements ReloadOutcome {}

    /** Nothing changed: the previous keys stay in use. {@code reason} names the config key. */
    record Failed(String reason) implements ReloadOutcome {}
  }

  static KeyGroups build(List<KeyGroupSpec> specs) throws KeyGroupException {
    List<KeyGroup> groups = new ArrayList<>(specs.size());
    for (int g = 0; g < specs.size(); g++) {
      KeyGroupSpec spec = specs.get(g);
      String groupKey = "distribution.keyGroups[" + g + "]";
      if (spec.id().isBlank()) {
        throw new KeyGroupException(groupKey + ".id: must not be empty");
      }
      if (spec.publicKeys().isEmpty()) {
        throw new KeyGroupException(groupKey + ".publicKeys (" + spec.id() + "): needs a key");
      }
      List<TrustedKey> keys = new ArrayList<>();
      for (int k = 0; k < spec.publicKeys().size(); k++) {
        KeyGroupSpec.PublicKeyFile file = spec.publicKeys().get(k);
        String keyKey = groupKey + ".publicKeys[" + k + "]";
        try {
          keys.add(TrustedKey.of(file.id(), PemKeys.readPublicKey(read(file.pemFile()))));
        } catch (KeyFormatException e) {
          throw new KeyGroupException(
              keyKey + " (" + file.id() + ", " + file.pemFile() + "): " + e.getMessage());
        } catch (IOException e) {
          throw new KeyGroupException(keyKey + ".pemFile (" + file.pemFile() + "): cannot read: "
              + e.getClass().getSimpleName() + " " + e.getMessage());
        }
      }
      try {
        groups.add(KeyGroup.of(spec.id(), keys));
      } catch (IllegalArgumentException e) {
        throw new KeyGroupException(groupKey + ".publicKeys: " + e.getMessage());
      }
    }
    try {
      return KeyGroups.of(groups);
    } catch (IllegalArgumentException e) {
      throw new KeyGroupException("distribution.keyGroups: " + e.getMessage());
    }
  }

  private static String read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_PEM_BYTES) {
      throw new IOException("file is " + size + " bytes; a PEM public key is under 1 KiB");
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  private static List<String> diff(KeyGroups before, KeyGroups after) {
    Set<String> was = describe(before);
    Set<String> now = describe(after);
    List<String> changes = new ArrayList<>();
    for (String s : now) {
      if (!was.contains(s)) {
        changes.add("+" + s);
      }
    }
    for (String s : was) {
      if (!now.contains(s)) {
        changes.add("-" + s);
      }
    }
    return changes;
  }

  private static Set<String> describe(KeyGroups groups) {
    Set<String> out = new LinkedHashSet<>();
    for (KeyGroup g : groups.groups()) {
      for (TrustedKey k : g.keys().values()) {
        out.add(g.id() + "/" + k);
      }
    }
    return out;
  }
}
