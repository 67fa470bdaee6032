package dev.streamedge.edge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last state a node applied from etcd, kept on local disk so that it boots and serves without
 * etcd: the distribution document and its revision, the invalidation ids applied, the members
 * (shields) last seen. Written atomically (temporary file, fsync, rename), so a crash leaves the
 * previous file or the new one, never a torn one.
 *
 * @param distributionText the distribution document applied from etcd, or null (the local file's)
 */
public record PersistedState(String cluster, long clusterId, long revision, String distributionText,
    long distributionRevision, List<String> appliedInvalidations, List<Member> members) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PersistedState {
    appliedInvalidations = List.copyOf(appliedInvalidations);
    members = List.copyOf(members);
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", 1).put("cluster", cluster).put("clusterId", Long.toUnsignedString(clusterId))
        .put("revision", revision).put("distributionRevision", distributionRevision);
    if (distributionText != null) {
      n.put("distribution", distributionText);
    }
    ArrayNode ids = n.putArray("appliedInvalidations");
    appliedInvalidations.forEach(ids::add);
    ArrayNode ms = n.putArray("members");
    for (Member m : members) {
      try {
        ms.add(JSON.readTree(m.toJson()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n.toString();
  }

  public static PersistedState fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || n.path("version").asInt() != 1) {
        throw new IllegalArgumentException("not a cluster state file (version 1)");
      }
      List<String> ids = new ArrayList<>();
      n.path("appliedInvalidations").forEach(i -> ids.add(i.asText()));
      List<Member> members = new ArrayList<>();
      n.path("members").forEach(m -> members.add(Member.fromJson(m.toString())));
      return new PersistedState(n.path("cluster").asText(), Long.parseUnsignedLong(n.path("clusterId").asText("0")),
          n.path("revision").asLong(), n.path("distribution").isTextual() ? n.path("distribution").asText() : null,
          n.path("distributionRevision").asLong(), ids, members);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException("not a cluster state file: " + e.getMessage(), e);
    }
  }

  /** Reads {@code file}; empty when it does not exist. */
  public static Optional<PersistedState> read(Path file) {
    try {
      return Optional.of(fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes {@code file} atomically; creates its directory. */
  public void write(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(toJson().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
