package dev.streamedge.edge.proxy;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.http.HopByHop;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.http.RequestHead;
import java.net.InetSocketAddress;

/**
 * The header rules of a forwarding proxy, in one place: what the origin is sent (RFC 9110 §7.6:
 * hop-by-hop fields removed, {@code Via} appended; {@code X-Forwarded-For} appended as CloudFront
 * does) and what the viewer is sent back ({@code Via}, {@code X-Cache}, {@code X-Edge-Request-Id}).
 */
public final class ProxyHeaders {
  /** This CDN's identifier in {@code CDN-Loop} (RFC 8586). */
  public static final String CDN_ID = "streamedge";
  /** How often our identifier may already be in {@code CDN-Loop}: edge → shield → origin is two. */
  public static final int MAX_LOOP_HOPS = 2;

  private final String edgeName;
  private final String via;
  private final String hitFrom;

  public ProxyHeaders(String edgeName) {
    this.edgeName = edgeName;
    this.via = "1.1 " + edgeName + " (streamedge)";
    this.hitFrom = "Hit from " + edgeName;
  }

  public String edgeName() {
    return edgeName;
  }

  /** Builds the origin request for a viewer request routed to {@code origin}. */
  public OriginRequest originRequest(RequestHead viewer, Origin origin) {
    HttpFields in = HopByHop.strip(viewer.headers());
    HttpFields.Builder b = in.toBuilder();
    String viewerHost = in.get("Host");
    b.remove("Host").remove("Expect");
    b.add("Host", origin.hostHeader());
    String ip = clientIp(viewer.client());
    String xff = in.combined("X-Forwarded-For");
    b.set("X-Forwarded-For", xff == null ? ip : xff + ", " + ip);
    if (viewerHost != null) {
      b.set("X-Forwarded-Host", viewerHost);
    }
    b.set("X-Forwarded-Proto", viewer.scheme());
    String inVia = in.combined("Via");
    b.set("Via", inVia == null ? via : inVia + ", " + via);
    String loop = in.combined("CDN-Loop");
    b.set("CDN-Loop", loop == null ? CDN_ID : loop + ", " + CDN_ID);
    return new OriginRequest(origin, viewer.method(), origin.pathPrefix() + viewer.pathAndQuery(), b.build());
  }

  /**
   * The viewer's response fields from an origin's: hop-by-hop removed, {@code Via} appended, the
   * cache result and the request id added. Framing fields are the adapter's job.
   */
  public HttpFields viewerResponse(HttpFields originHeaders, String cacheResult, String requestId) {
    HttpFields.Builder b = viewerBase(originHeaders).toBuilder();
    b.set("X-Cache", xCache(cacheResult));
    b.set("X-Edge-Request-Id", requestId);
    return b.build();
  }

  /**
   * The part of {@link #viewerResponse} that depends only on the origin's fields (hop-by-hop
   * removed, {@code Via} appended): what a cached object's hits can share.
   */
  public HttpFields viewerBase(HttpFields originHeaders) {
    HttpFields.Builder b = HopByHop.strip(originHeaders).toBuilder();
    String inVia = originHeaders.combined("Via");
    b.set("Via", inVia == null ? via : inVia + ", " + via);
    return b.build();
  }

  /** The {@code X-Cache} value for a cache result ({@code Hit}, {@code Miss}, ...). */
  public String xCache(String cacheResult) {
    return cacheResult.equals("Hit") ? hitFrom : cacheResult + " from " + edgeName;
  }

  /** Fields for a response the edge makes itself (an error, a redirect). */
  public HttpFields ownResponse(String cacheResult, String requestId) {
    return HttpFields.builder()
        .add("Via", via)
        .add("X-Cache", cacheResult + " from " + edgeName)
        .add("X-Edge-Request-Id", requestId)
        .build();
  }

  /** How many times this CDN already handled the request (its {@code CDN-Loop} entries). */
  public static int loopCount(dev.streamedge.edge.http.HttpFields headers) {
    String v = headers.combined("CDN-Loop");
    if (v == null) {
      return 0;
    }
    int n = 0;
    for (String part : v.split(",")) {
      String id = part.trim();
      int semi = id.indexOf(';');
      if ((semi < 0 ? id : id.substring(0, semi).trim()).equalsIgnoreCase(CDN_ID)) {
        n++;
      }
    }
    return n;
  }

  public static String clientIp(InetSocketAddress client) {
    if (client == null) {
      return "unknown";
    }
    if (client.getAddress() != null) {
      return client.getAddress().getHostAddress();
    }
    return client.getHostString();
  }
}
