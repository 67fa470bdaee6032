package dev.streamedge.edge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamedge.edge.cache.InvalidationPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An invalidation as stored under {@code invalidations/<id>}: CloudFront's vocabulary (paths,
 * caller reference). The id is a function of the caller reference, so a create that timed out and
 * was retried — or that lands late, after the retry — writes the same key: the caller reference
 * is idempotent by construction, and a create-if-absent transaction keeps the first record.
 */
public record InvalidationRecord(String id, String callerReference, List<String> paths, String createTime) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public InvalidationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(callerReference, "callerReference");
    Objects.requireNonNull(createTime, "createTime");
    paths = List.copyOf(paths);
  }

  /** {@code I} + the first 16 bytes of SHA-256(caller reference), base-32 (A-Z2-7): 27 characters. */
  public static String idFor(String callerReference) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(callerReference.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder b = new StringBuilder("I");
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < 16; i++) {
      buffer = (buffer << 8) | (digest[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        b.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      b.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return b.toString();
  }

  /** The store prefixes this invalidation purges (one range delete each). */
  public List<String> keyPrefixes() {
    List<String> out = new ArrayList<>();
    for (InvalidationPath p : InvalidationPath.parseAll(paths)) {
      out.add(p.keyPrefix());
    }
    return out;
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id).put("callerReference", callerReference).put("createTime", createTime);
    ArrayNode a = n.putArray("paths");
    paths.forEach(a::add);
    return n.toString();
  }

  /** @throws IllegalArgumentException when the value is not an invalidation record */
  public static InvalidationRecord fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.path("id").isTextual() || !n.path("paths").isArray()) {
        throw new IllegalArgumentException("not an invalidation record: " + json);
      }
      List<String> paths = new ArrayList<>();
      n.path("paths").forEach(p -> paths.add(p.asText()));
      return new InvalidationRecord(n.path("id").asText(), n.path("callerReference").asText(""), paths,
          n.path("createTime").asText(""));
    } catch (IOException e) {
      throw new IllegalArgumentException("not an invalidation record: " + e.getMessage(), e);
    }
  }
}
