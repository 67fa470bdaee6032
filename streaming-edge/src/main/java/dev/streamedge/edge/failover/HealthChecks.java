package dev.streamedge.edge.failover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamedge.edge.config.Origin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks ({@code origins[].healthCheck}): {@code GET path} every {@code interval} on
 * the housekeeping thread (never an event loop); a 2xx or 3xx is healthy, anything else — or no
 * answer within the origin's connect + read timeouts, at most the interval — counts as a failure
 * in {@link OriginHealth}, exactly like a failed request.
 */
public final class HealthChecks {
  private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private HealthChecks() {}

  public static void start(List<Origin> origins, OriginHealth health, ScheduledExecutorService executor) {
    for (Origin o : origins) {
      Origin.HealthCheck check = o.healthCheck();
      if (check == null) {
        continue;
      }
      HttpClient client = client(o);
      URI uri = URI.create(o.url().getScheme() + "://" + o.hostHeader() + o.pathPrefix() + check.path());
      Duration timeout = min(check.interval(), o.connectTimeout().plus(o.readTimeout()));
      long every = check.interval().toMillis();
      executor.scheduleWithFixedDelay(() -> probe(client, uri, timeout, o, health), 0, every, TimeUnit.MILLISECONDS);
      log.info("health check for origin '{}': GET {} every {} ms", o.id(), uri, every);
    }
  }

  private static void probe(HttpClient client, URI uri, Duration timeout, Origin o, OriginHealth health) {
    try {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout)
          .header("User-Agent", "streamedge-health-check").GET().build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() < 400) {
        health.success(o);
      } else {
        health.failure(o, "health check " + uri.getPath() + " answered " + r.statusCode());
      }
    } catch (IOException e) {
      health.failure(o, "health check " + uri.getPath() + " failed: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("health check of origin '{}' failed unexpectedly: {}", o.id(), e.toString());
    }
  }

  private static HttpClient client(Origin o) {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(o.connectTimeout());
    if (o.caFile() != null) {
      b.sslContext(trusting(o));
    }
    return b.build();
  }

  private static SSLContext trusting(Origin o) {
    try (InputStream in = java.nio.file.Files.newInputStream(o.caFile())) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("origin '" + o.id() + "' caFile " + o.caFile() + ": " + e.getMessage(), e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The origins' health as JSON, for {@code GET /origins} on the admin API. */
  public static String json(OriginHealth health) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode items = root.putArray("origins");
    for (OriginHealth.Snapshot s : health.snapshot()) {
      items.addObject().put("id", s.origin()).put("state", s.state()).put("requests", s.requests())
          .put("failures", s.failures()).put("failovers", s.failovers())
          .put("consecutiveFailures", s.consecutiveFailures());
    }
    return root.toString();
  }
}
