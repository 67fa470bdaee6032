package dev.streamedge.edge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.streamedge.edge.accesslog.AccessLogSettings;
import dev.streamedge.edge.auth.KeyGroupSpec;
import dev.streamedge.edge.cache.CacheKeyPolicy;
import dev.streamedge.edge.cache.FieldSelection;
import dev.streamedge.edge.cache.OriginRequestPolicy;
import dev.streamedge.edge.route.PathPattern;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the edge's YAML configuration. Every problem fails start-up with a {@link
 * ConfigException} naming the key; unknown keys are errors (a typo must not be ignored). Relative
 * paths resolve against the directory of the config file.
 */
public final class EdgeConfigLoader {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> KNOWN_METHODS = Set.copyOf(CacheBehavior.ALL_METHODS);

  private final Path baseDir;

  private EdgeConfigLoader(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** Loads and validates {@code file}. */
  public static EdgeConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("", "config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, dir);
  }

  /** Parses YAML text; relative paths resolve against {@code baseDir}. */
  public static EdgeConfig parse(String yaml, Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("", "the config file must be a mapping with 'edge' and 'distribution'");
    }
    return new EdgeConfigLoader(baseDir).read(new ConfigNode(root, ""));
  }

  private EdgeConfig read(ConfigNode root) {
    EdgeSettings edge = readEdge(root.object("edge"));
    Distribution distribution = readDistribution(root.object("distribution"));
    root.rejectUnknown();
    return new EdgeConfig(edge, distribution);
  }

  private EdgeSettings readEdge(ConfigNode n) {
    String name = n.string("name", "edge");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException(n.path() + ".name",
          "use 1-64 letters, digits, '.', '_' or '-' (it appears in headers), got '" + name + "'");
    }
    InetSocketAddress listen = n.hostPort("listen", "127.0.0.1:8080");
    InetSocketAddress admin = n.has("adminListen") ? n.hostPort("adminListen", null) : null;

    ConfigNode c = n.objectOrEmpty("cache");
    Path dir = baseDir.resolve(c.string("dir", "data/" + name)).normalize();
    long maxSize = c.size("maxSize", 10L << 30);
    if (maxSize < (1L << 20)) {
      throw new ConfigException(c.path() + ".maxSize", "must be at least 1MiB, got " + maxSize + " bytes");
    }
    long memoryMax = -1;
    long memoryObjectMax = 8L << 20;
    if (c.has("memory")) {
      ConfigNode m = c.object("memory");
      memoryMax = m.has("maxSize") && "auto".equals(m.string("maxSize", "auto")) ? -1 : m.size("maxSize", -1);
      memoryObjectMax = m.size("maxObjectSize", memoryObjectMax);
      if (memoryObjectMax < 1 || memoryObjectMax > (1L << 30)) {
        throw new ConfigException(m.path() + ".maxObjectSize", "must be between 1 byte and 1GiB, got " + memoryObjectMax);
      }
      m.rejectUnknown();
    }
    c.rejectUnknown();

    ConfigNode l = n.objectOrEmpty("limits");
    EdgeSettings.ViewerLimits limits = new EdgeSettings.ViewerLimits(
        (int) l.size("maxRequestLine", 8 << 10),
        (int) l.size("maxHeaderSize", 16 << 10),
        positive(l, "requestHeaderTimeout", Duration.ofSeconds(30)),
        positive(l, "idleTimeout", Duration.ofSeconds(60)),
        positive(l, "sendTimeout", Duration.ofSeconds(60)));
    l.rejectUnknown();

    int io = (int) n.integer("ioThreads", 0, 0, 1024);
    int blocking = (int) n.integer("blockingThreads", 16, 1, 1024);
    String clientIpHeader = n.string("clientIpHeader", null);
    if (clientIpHeader != null && !clientIpHeader.matches("[A-Za-z0-9-]{1,64}")) {
      throw new ConfigException(n.path() + ".clientIpHeader", "must be a header name, got '" + clientIpHeader + "'");
    }
    Duration keyReload = positive(n, "keyReloadInterval", Duration.ofSeconds(10));
    String targeted = n.string("targetedCacheControlField", null);
    if (targeted != null && !targeted.matches("[A-Za-z0-9-]{1,64}")) {
      throw new ConfigException(n.path() + ".targetedCacheControlField", "must be a header name, got '" + targeted + "'");
    }
    InetSocketAddress listenTls = n.has("listenTls") ? n.hostPort("listenTls", null) : null;
    TlsSettings tls = n.has("tls") ? readTls(n.object("tls")) : null;
    if (listenTls != null && tls == null) {
      throw new ConfigException(n.path() + ".tls", "is required when edge.listenTls is set (certificates to serve)");
    }
    if (tls != null && listenTls == null) {
      throw new ConfigException(n.path() + ".listenTls", "is required when edge.tls is set (where to listen for HTTPS)");
    }
    AccessLogSettings accessLog = n.has("accessLog") ? readAccessLog(n.object("accessLog"), name) : null;
    n.rejectUnknown();
    return new EdgeSettings(name, listen, admin, new EdgeSettings.CacheSettings(dir, maxSize, memoryMax, memoryObjectMax), limits, io, blocking,
        clientIpHeader, keyReload, targeted, listenTls, tls, accessLog);
  }

  private TlsSettings readTls(ConfigNode t) {
    List<TlsSettings.Certificate> certs = new ArrayList<>();
    for (ConfigNode c : t.objects("certificates")) {
      certs.add(new TlsSettings.Certificate(baseDir.resolve(c.string("certFile")).normalize(),
          baseDir.resolve(c.string("keyFile")).normalize(), c.strings("names", List.of())));
      c.rejectUnknown();
    }
    if (certs.isEmpty()) {
      throw new ConfigException(t.path() + ".certificates", "at least one certificate is required");
    }
    List<String> protocols = t.strings("protocols", List.of("TLSv1.3", "TLSv1.2"));
    for (String proto : protocols) {
      if (!proto.equals("TLSv1.3") && !proto.equals("TLSv1.2")) {
        throw new ConfigException(t.path() + ".protocols", "only TLSv1.2 and TLSv1.3 are offered, got '" + proto + "'");
      }
    }
    Duration reload = positive(t, "reloadInterval", Duration.ofSeconds(30));
    t.rejectUnknown();
    return new TlsSettings(certs, protocols, reload);
  }

  private AccessLogSettings readAccessLog(ConfigNode a, String edgeName) {
    String path = a.string("path");
    AccessLogSettings s = AccessLogSettings.defaults(
        path.equals("-") ? null : baseDir.resolve(path).normalize(), a.string("edgeLocation", edgeName));
    try {
      s = s.withQueueSize((int) a.integer("queueSize", AccessLogSettings.DEFAULT_QUEUE_SIZE, 1, 16_777_216))
          .withRotation(a.size("rotateSize", AccessLogSettings.DEFAULT_ROTATE_SIZE),
              a.duration("rotateInterval", AccessLogSettings.DEFAULT_ROTATE_INTERVAL))
          .withLogCookies(a.bool("logCookies", false))
          .withCloseTimeout(a.duration("closeTimeout", AccessLogSettings.DEFAULT_CLOSE_TIMEOUT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(a.path(), e.getMessage());
    }
    a.rejectUnknown();
    return s;
  }

  private Distribution readDistribution(ConfigNode n) {
    URI publicBase = null;
    if (n.has("publicBaseUrl")) {
      publicBase = httpUrl(n, "publicBaseUrl");
      if (publicBase.getRawPath() != null && !publicBase.getRawPath().isEmpty()
          && !publicBase.getRawPath().equals("/")) {
        throw new ConfigException(n.path() + ".publicBaseUrl", "must be scheme://host[:port] without a path");
      }
    }
    List<Origin> origins = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ConfigNode o : n.objects("origins")) {
      Origin origin = readOrigin(o);
      if (!ids.add(origin.id())) {
        throw new ConfigException(o.path() + ".id", "duplicate origin id '" + origin.id() + "'");
      }
      origins.add(origin);
    }
    if (origins.isEmpty()) {
      throw new ConfigException(n.path() + ".origins", "at least one origin is required");
    }
    List<OriginGroup> originGroups = readOriginGroups(n, origins);
    Set<String> targets = new HashSet<>(ids);
    originGroups.forEach(g -> targets.add(g.id()));
    List<KeyGroupSpec> keyGroups = readKeyGroups(n);
    Set<String> groupIds = new HashSet<>();
    keyGroups.forEach(g -> groupIds.add(g.id()));
    CacheBehavior def = readBehavior(n.object("defaultCacheBehavior"), false, targets, groupIds);
    List<CacheBehavior> behaviors = new ArrayList<>();
    for (ConfigNode b : n.objects("cacheBehaviors")) {
      behaviors.add(readBehavior(b, true, targets, groupIds));
    }
    n.rejectUnknown();
    return new Distribution(publicBase, origins, def, behaviors, keyGroups, originGroups);
  }

  private List<OriginGroup> readOriginGroups(ConfigNode n, List<Origin> origins) {
    Map<String, Origin> byId = new java.util.LinkedHashMap<>();
    origins.forEach(o -> byId.put(o.id(), o));
    List<OriginGroup> groups = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode g : n.objects("originGroups")) {
      String id = g.string("id");
      if (byId.containsKey(id) || !seen.add(id)) {
        throw new ConfigException(g.path() + ".id", "'" + id + "' is already the id of an origin or another group");
      }
      List<Origin> members = new ArrayList<>();
      for (String m : g.strings("members", List.of())) {
        Origin o = byId.get(m);
        if (o == null) {
          throw new ConfigException(g.path() + ".members", "no origin with id '" + m + "' (known: " + byId.keySet() + ")");
        }
        if (members.contains(o)) {
          throw new ConfigException(g.path() + ".members", "'" + m + "' is listed twice");
        }
        members.add(o);
      }
      if (members.size() < 2) {
        throw new ConfigException(g.path() + ".members", "an origin group needs at least two members (primary, then secondary)");
      }
      Set<Integer> codes = new java.util.TreeSet<>(List.of(500, 502, 503, 504));
      if (g.has("failoverCriteria")) {
        ConfigNode fc = g.object("failoverCriteria");
        codes.clear();
        for (String s : fc.strings("statusCodes", List.of())) {
          int code;
          try {
            code = Integer.parseInt(s.trim());
          } catch (NumberFormatException e) {
            throw new ConfigException(fc.path() + ".statusCodes", "not a status code: '" + s + "'");
          }
          if (!OriginGroup.ALLOWED_STATUS_CODES.contains(code)) {
            throw new ConfigException(fc.path() + ".statusCodes",
                code + " is not one of CloudFront's failover codes " + new java.util.TreeSet<>(OriginGroup.ALLOWED_STATUS_CODES));
          }
          codes.add(code);
        }
        fc.rejectUnknown();
      }
      g.rejectUnknown();
      groups.add(new OriginGroup(id, members, codes));
    }
    return groups;
  }

  private List<KeyGroupSpec> readKeyGroups(ConfigNode n) {
    List<KeyGroupSpec> groups = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode g : n.objects("keyGroups")) {
      String id = g.string("id");
      if (!seen.add(id)) {
        throw new ConfigException(g.path() + ".id", "duplicate key group id '" + id + "'");
      }
      List<KeyGroupSpec.PublicKeyFile> keys = new ArrayList<>();
      for (ConfigNode k : g.objects("publicKeys")) {
        String keyId = k.string("id");
        if (!keyId.matches("[A-Za-z0-9_-]{1,128}")) {
          throw new ConfigException(k.path() + ".id", "use 1-128 of A-Z a-z 0-9 - _, got '" + keyId + "'");
        }
        keys.add(new KeyGroupSpec.PublicKeyFile(keyId, baseDir.resolve(k.string("pemFile")).normalize()));
        k.rejectUnknown();
      }
      if (keys.isEmpty()) {
        throw new ConfigException(g.path() + ".publicKeys", "a key group needs at least one public key");
      }
      g.rejectUnknown();
      groups.add(new KeyGroupSpec(id, keys));
    }
    return groups;
  }

  private Origin readOrigin(ConfigNode o) {
    String id = o.string("id");
    URI url = httpUrl(o, "url");
    if (url.getRawQuery() != null) {
      throw new ConfigException(o.path() + ".url", "must not have a query string");
    }
    Duration connect = positive(o, "connectTimeout", Duration.ofSeconds(10));
    int attempts = (int) o.integer("connectionAttempts", 3, 1, 3);
    Duration read = positive(o, "readTimeout", Duration.ofSeconds(30));
    Duration keepalive = positive(o, "keepaliveTimeout", Duration.ofSeconds(5));
    int max = (int) o.integer("maxConnections", 0, 0, 100_000);
    java.nio.file.Path caFile = o.has("caFile") ? baseDir.resolve(o.string("caFile")).normalize() : null;
    if (caFile != null && !url.getScheme().equalsIgnoreCase("https")) {
      throw new ConfigException(o.path() + ".caFile", "only applies to an https:// origin url");
    }
    Origin.HealthCheck health = null;
    if (o.has("healthCheck")) {
      ConfigNode h = o.object("healthCheck");
      String path = h.string("path", "/healthz");
      if (!path.startsWith("/")) {
        throw new ConfigException(h.path() + ".path", "must start with '/', got '" + path + "'");
      }
      health = new Origin.HealthCheck(path, positive(h, "interval", Duration.ofSeconds(5)));
      h.rejectUnknown();
    }
    o.rejectUnknown();
    return new Origin(id, url, connect, attempts, read, keepalive, max, caFile, health);
  }

  private CacheBehavior readBehavior(ConfigNode b, boolean needsPattern, Set<String> originIds, Set<String> groupIds) {
    String pattern = null;
    if (needsPattern) {
      pattern = b.string("pathPattern");
      try {
        pattern = PathPattern.of(pattern).pattern();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(b.path() + ".pathPattern", e.getMessage());
      }
    }
    String target = b.string("targetOriginId");
    if (!originIds.contains(target)) {
      throw new ConfigException(b.path() + ".targetOriginId",
          "no origin or origin group with id '" + target + "' (known: " + originIds + ")");
    }
    long min = b.integer("minTtl", 0, 0, Long.MAX_VALUE / 1000);
    long def = b.integer("defaultTtl", 86_400, 0, Long.MAX_VALUE / 1000);
    long max = b.integer("maxTtl", 31_536_000, 0, Long.MAX_VALUE / 1000);
    if (min > def) {
      throw new ConfigException(b.path() + ".defaultTtl", "must be >= minTtl (" + min + "), got " + def);
    }
    if (def > max) {
      throw new ConfigException(b.path() + ".maxTtl", "must be >= defaultTtl (" + def + "), got " + max);
    }
    List<String> allowed = methods(b, "allowedMethods", CacheBehavior.GET_HEAD);
    if (!allowed.equals(CacheBehavior.GET_HEAD) && !allowed.equals(CacheBehavior.GET_HEAD_OPTIONS)
        && !(allowed.size() == 7)) {
      throw new ConfigException(b.path() + ".allowedMethods",
          "CloudFront allows [GET, HEAD], [GET, HEAD, OPTIONS] or all seven methods, got " + allowed);
    }
    List<String> cached = methods(b, "cachedMethods", CacheBehavior.GET_HEAD);
    for (String m : cached) {
      if (!m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS")) {
        throw new ConfigException(b.path() + ".cachedMethods", "only GET, HEAD and OPTIONS can be cached, got " + m);
      }
    }
    long errorMin = b.integer("errorCachingMinTtl", 10, 0, Long.MAX_VALUE / 1000);
    List<String> trusted = b.strings("trustedKeyGroups", List.of());
    for (String g : trusted) {
      if (!groupIds.contains(g)) {
        throw new ConfigException(b.path() + ".trustedKeyGroups",
            "no key group '" + g + "' in distribution.keyGroups (known: " + groupIds + ")");
      }
    }
    CacheKeyPolicy keyPolicy = CacheKeyPolicy.DEFAULT;
    if (b.has("cachePolicy")) {
      ConfigNode c = b.object("cachePolicy");
      try {
        keyPolicy = new CacheKeyPolicy(selection(c, "queryStrings", FieldSelection.ALL),
            selection(c, "headers", FieldSelection.NONE), selection(c, "cookies", FieldSelection.NONE));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(c.path(), e.getMessage());
      }
      c.rejectUnknown();
    }
    String protocolPolicy = b.enumValue("viewerProtocolPolicy", "allow-all", CacheBehavior.VIEWER_PROTOCOL_POLICIES);
    long sliceSize = b.size("sliceSize", 4L << 20);
    long sliceThreshold = b.size("sliceThreshold", 8L << 20);
    long maxObjectSize = b.size("maxObjectSize", 0);
    if (sliceSize != 0 && (sliceSize < (64 << 10) || sliceSize % (64 << 10) != 0)) {
      throw new ConfigException(b.path() + ".sliceSize", "must be 0 (off) or a multiple of 64KiB, got " + sliceSize);
    }
    if (sliceSize != 0 && sliceThreshold < sliceSize) {
      throw new ConfigException(b.path() + ".sliceThreshold", "must be >= sliceSize (" + sliceSize + "), got " + sliceThreshold);
    }
    OriginRequestPolicy originPolicy = OriginRequestPolicy.ALL;
    if (b.has("originRequestPolicy")) {
      ConfigNode o = b.object("originRequestPolicy");
      try {
        originPolicy = new OriginRequestPolicy(selection(o, "queryStrings", FieldSelection.ALL),
            selection(o, "headers", FieldSelection.ALL), selection(o, "cookies", FieldSelection.ALL));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(o.path(), e.getMessage());
      }
      o.rejectUnknown();
    }
    b.rejectUnknown();
    return new CacheBehavior(pattern, target, min, def, max, allowed, Set.copyOf(cached), trusted, errorMin,
        keyPolicy, originPolicy, protocolPolicy, sliceSize, sliceThreshold, maxObjectSize);
  }

  /** {@code { behavior: none|all|allowList|allExcept, items: [...] }} in CloudFront's cache-policy vocabulary. */
  private static FieldSelection selection(ConfigNode parent, String key, FieldSelection def) {
    if (!parent.has(key)) {
      return def;
    }
    ConfigNode n = parent.object(key);
    String name = n.string("behavior");
    FieldSelection.Behavior behavior;
    try {
      behavior = FieldSelection.Behavior.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(n.path() + ".behavior", "must be none, all, allowList or allExcept, got '" + name + "'");
    }
    List<String> items = n.strings("items", List.of());
    n.rejectUnknown();
    try {
      return new FieldSelection(behavior, items);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(n.path(), e.getMessage());
    }
  }

  private static List<String> methods(ConfigNode b, String key, List<String> def) {
    List<String> raw = b.strings(key, def);
    List<String> out = new ArrayList<>();
    for (String m : raw) {
      String u = m.toUpperCase(Locale.ROOT);
      if (!KNOWN_METHODS.contains(u)) {
        throw new ConfigException(b.path() + "." + key, "unknown method '" + m + "'");
      }
      if (!out.contains(u)) {
        out.add(u);
      }
    }
    // Normalise order so that [HEAD, GET] equals [GET, HEAD].
    out.sort((x, y) -> CacheBehavior.ALL_METHODS.indexOf(x) - CacheBehavior.ALL_METHODS.indexOf(y));
    return List.copyOf(out);
  }

  private static Duration positive(ConfigNode n, String key, Duration def) {
    Duration d = n.duration(key, def);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(n.path() + "." + key, "must be greater than zero");
    }
    return d;
  }

  private static URI httpUrl(ConfigNode n, String key) {
    String s = n.string(key);
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new ConfigException(n.path() + "." + key, "not a valid URL: '" + s + "'");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException(n.path() + "." + key, "must be an http:// or https:// URL, got '" + s + "'");
    }
    if (u.getHost() == null) {
      throw new ConfigException(n.path() + "." + key, "must name a host, got '" + s + "'");
    }
    return u;
  }
}
