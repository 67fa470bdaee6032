package dev.streamedge.edge.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * Policy JSON: the canned policy rebuilt byte for byte, the custom policy written as the AWS SDK
 * writes it, and the strict reader of received custom policies.
 *
 * <p>The reader runs only on bytes whose signature already verified (so only on what a key holder
 * wrote), and still refuses anything outside the documented shape: one statement, {@code Resource}
 * (optional), {@code Condition} with {@code DateLessThan} (required), {@code DateGreaterThan} and
 * {@code IpAddress}, epoch times as JSON integers, no duplicate or unknown keys, nothing after the
 * document. An unknown condition is refused rather than ignored: ignoring it would grant more than
 * the signer wrote.
 */
final class PolicyJson {
  private static final Set<String> ROOT_KEYS = Set.of("Statement");
  private static final Set<String> STATEMENT_KEYS = Set.of("Resource", "Condition");
  private static final Set<String> CONDITION_KEYS =
      Set.of("DateLessThan", "DateGreaterThan", "IpAddress");
  private static final String EPOCH = "AWS:EpochTime";
  private static final String SOURCE_IP = "AWS:SourceIp";

  private final ObjectMapper mapper;

  PolicyJson(int maxPolicyBytes) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(8)
            .maxNumberLength(20)
            .maxStringLength(maxPolicyBytes)
            .maxDocumentLength(maxPolicyBytes)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    this.mapper = new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** {@code {"Statement":[{"Resource":"<url>","Condition":{"DateLessThan":{"AWS:EpochTime":<n>}}}]}}. */
  static String canned(String resourceUrl, long expires) {
    StringBuilder sb = new StringBuilder(resourceUrl.length() + 96);
    sb.append("{\"Statement\":[{\"Resource\":\"");
    appendEscaped(sb, resourceUrl);
    sb.append("\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":").append(expires)
        .append("}}}]}");
    return sb.toString();
  }

  static String custom(CustomPolicy p) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"Statement\":[{");
    if (p.resource() != null) {
      sb.append("\"Resource\":\"");
      appendEscaped(sb, p.resource());
      sb.append("\",");
    }
    sb.append("\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":")
        .append(p.expires().getEpochSecond()).append('}');
    if (p.sourceIp() != null) {
      sb.append(",\"IpAddress\":{\"AWS:SourceIp\":\"");
      appendEscaped(sb, p.sourceIp());
      sb.append("\"}");
    }
    if (p.notBefore() != null) {
      sb.append(",\"DateGreaterThan\":{\"AWS:EpochTime\":")
          .append(p.notBefore().getEpochSecond()).append('}');
    }
    sb.append("}}]}");
    return sb.toString();
  }

  /**
   * Escapes as Jackson (and so the AWS SDK) would: {@code "} and {@code \} with a backslash, control
   * characters as short escapes or six-character hex escapes; everything else, {@code /} and non-ASCII
   * included, as is. URLs in policies are percent-encoded, so this almost never changes anything.
   */
  private static void appendEscaped(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
  }

  /** Signers refuse these (the AWS SDK does too): they have no business in a URL or an address. */
  static void requireJsonSafe(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(what + " contains '" + (c < 0x20 ? "\\u" + (int) c : c)
            + "' at " + i + "; percent-encode URLs");
      }
    }
  }

  /** Parses a received custom policy (already signature-checked). */
  PolicyStatement parseCustom(byte[] policy) throws MalformedTokenException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(policy))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedTokenException("policy is not UTF-8");
    }
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedTokenException("policy is not JSON: " + clip(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedTokenException("policy is not a JSON object");
    }
    onlyKeys(root, ROOT_KEYS, "policy");
    JsonNode statements = root.get("Statement");
    if (statements == null || !statements.isArray()) {
      throw new MalformedTokenException("policy has no Statement array");
    }
    if (statements.size() != 1) {
      throw new MalformedTokenException(
          "policy has " + statements.size() + " statements; CloudFront takes exactly one");
    }
    JsonNode statement = statements.get(0);
    if (!statement.isObject()) {
      throw new MalformedTokenException("Statement[0] is not an object");
    }
    onlyKeys(statement, STATEMENT_KEYS, "Statement[0]");
    ResourcePattern resource = null;
    JsonNode res = statement.get("Resource");
    if (res != null) {
      if (!res.isTextual() || res.textValue().isEmpty()) {
        throw new MalformedTokenException("Resource is not a non-empty string");
      }
      resource = ResourcePattern.of(res.textValue());
    }
    JsonNode condition = statement.get("Condition");
    if (condition == null || !condition.isObject()) {
      throw new MalformedTokenException("Statement[0] has no Condition object");
    }
    onlyKeys(condition, CONDITION_KEYS, "Condition");
    JsonNode lessThan = condition.get("DateLessThan");
    if (lessThan == null) {
      throw new MalformedTokenException("Condition has no DateLessThan");
    }
    long expires = epoch(lessThan, "DateLessThan");
    long notBefore = Long.MIN_VALUE;
    JsonNode greaterThan = condition.get("DateGreaterThan");
    if (greaterThan != null) {
      notBefore = epoch(greaterThan, "DateGreaterThan");
    }
    CidrBlock ip = null;
    JsonNode ipNode = condition.get("IpAddress");
    if (ipNode != null) {
      if (!ipNode.isObject()) {
        throw new MalformedTokenException("IpAddress is not an object");
      }
      onlyKeys(ipNode, Set.of(SOURCE_IP), "IpAddress");
      JsonNode v = ipNode.get(SOURCE_IP);
      if (v == null || !v.isTextual()) {
        throw new MalformedTokenException("IpAddress has no " + SOURCE_IP + " string");
      }
      try {
        ip = CidrBlock.parse(v.textValue());
      } catch (IllegalArgumentException e) {
        throw new MalformedTokenException(SOURCE_IP + ": " + e.getMessage());
      }
    }
    return new PolicyStatement(PolicyKind.CUSTOM, resource, expires, notBefore, ip);
  }

  private static long epoch(JsonNode node, String name) throws MalformedTokenException {
    if (!node.isObject()) {
      throw new MalformedTokenException(name + " is not an object");
    }
    onlyKeys(node, Set.of(EPOCH), name);
    JsonNode v = node.get(EPOCH);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0
        || v.longValue() > Canned.MAX_EPOCH) {
      throw new MalformedTokenException(name + "." + EPOCH + " is not a time in epoch seconds");
    }
    return v.longValue();
  }

  private static void onlyKeys(JsonNode obj, Set<String> allowed, String where)
      throws MalformedTokenException {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new MalformedTokenException(where + " has unsupported key \"" + clip(k) + "\"");
      }
    }
  }

  /**
   * A value fit for a log line: at most 80 characters, control characters (a percent-decoded
   * {@code %0A} could forge a log line) shown as {@code ?}.
   */
  static String clip(String s) {
    if (s == null) {
      return "";
    }
    String cut = s.length() <= 80 ? s : s.substring(0, 80) + "…";
    StringBuilder sb = null;
    for (int i = 0; i < cut.length(); i++) {
      if (Character.isISOControl(cut.charAt(i))) {
        if (sb == null) {
          sb = new StringBuilder(cut);
        }
        sb.setCharAt(i, '?');
      }
    }
    return sb == null ? cut : sb.toString();
  }

  /** Limits of the canned form's {@code Expires}. */
  static final class Canned {
    /** 9999-12-31T23:59:59Z: beyond it a time is a mistake or an attack on arithmetic. */
    static final long MAX_EPOCH = 253_402_300_799L;

    private Canned() {}

    /** Parses a canned {@code Expires}: decimal digits only. */
    static long parseExpires(String s) throws MalformedTokenException {
      if (s.isEmpty() || s.length() > 12) {
        throw new MalformedTokenException("Expires is not epoch seconds");
      }
      long v = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          throw new MalformedTokenException("Expires is not epoch seconds");
        }
        v = v * 10 + (c - '0');
      }
      if (v > MAX_EPOCH) {
        throw new MalformedTokenException("Expires is past year 9999");
      }
      return v;
    }
  }
}
