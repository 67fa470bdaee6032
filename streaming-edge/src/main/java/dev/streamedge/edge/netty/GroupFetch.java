package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.Origin;
import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.failover.HlsPlaylistFacts;
import dev.streamedge.edge.http.EntityTag;
import dev.streamedge.edge.http.HttpFieldValues;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import dev.streamedge.edge.range.ContentRange;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request to an origin group: members are tried in order (healthy ones first), moving on — for
 * GET, HEAD and OPTIONS only, as CloudFront — when a member refuses or times out the connection,
 * does not start its response within its {@code readTimeout}, or answers one of the group's
 * failover status codes.
 *
 * <p>Beyond CloudFront, a member that dies in the middle of a body is replaced too: the next member
 * is asked for the rest with {@code Range: bytes=<next>-} and {@code If-Range: <ETag>}, and its
 * bytes continue the same body for the consumer only if it answers 206 for exactly that range of
 * the same representation (same strong ETag, same length). Otherwise the consumer's body fails:
 * two different objects are never spliced.
 *
 * <p>Live playlists ({@code .m3u8}, small) are read whole before they are passed on, so that a
 * member still answering 200 with a media sequence that stopped advancing counts as failed.
 */
final class GroupFetch implements OriginStream, OriginStream.Sink {
  private static final Logger log = LoggerFactory.getLogger(GroupFetch.class);
  private static final int MAX_PLAYLIST_BYTES = 1 << 20;

  private final EdgeRuntime rt;
  private final OriginGroup group;
  private final OriginRequest request;
  private final String pathAndQuery;
  private final EventLoop loop;
  private final OriginFetch.RequestBody body;
  private final boolean bodyChunked;
  private final long bodyLength;
  private final boolean eligible;
  private Sink sink;

  private List<Origin> order;
  private int index;
  private OriginFetch current;
  private boolean cancelled;
  private boolean headDelivered;
  private long firstSentAtMillis;

  // What a mid-body resume must match.
  private String strongEtag;
  private long rangeFirst;
  private long rangeLast = -1;
  private long completeLength = -1;
  private long delivered;
  private boolean resuming;

  // A live playlist being read whole before it is passed on.
  private boolean buffering;
  private List<ByteBuf> buffered;
  private int bufferedBytes;
  private int pendingStatus;
  private String pendingReason;
  private HttpFields pendingHeaders;

  /**
   * @param request the request as built for the group's primary; re-targeted for each member
   */
  GroupFetch(EdgeRuntime rt, OriginGroup group, OriginRequest request, EventLoop loop, OriginFetch.RequestBody body,
      boolean bodyChunked, long bodyLength, Sink sink) {
    this.rt = rt;
    this.group = group;
    this.request = request;
    String prefix = request.origin().pathPrefix();
    this.pathAndQuery = request.target().startsWith(prefix) ? request.target().substring(prefix.length()) : request.target();
    this.loop = loop;
    this.body = body;
    this.bodyChunked = bodyChunked;
    this.bodyLength = bodyLength;
    String m = request.method();
    this.eligible = body == null && (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS"));
    this.sink = sink;
  }

  void start() {
    order = eligible ? rt.health().order(group) : group.members();
    index = 0;
    attempt(null);
  }

  private void attempt(HttpFields extraHeaders) {
    Origin o = order.get(index);
    rt.health().attempt(o);
    OriginRequest r = o == request.origin() ? request : request.withOrigin(o, o.pathPrefix() + pathAndQuery);
    if (extraHeaders != null) {
      HttpFields.Builder h = r.headers().toBuilder();
      extraHeaders.forEach(h::set);
      r = r.withHeaders(h.build());
    }
    current = new OriginFetch(rt, r, loop, body, bodyChunked, bodyLength, this);
    current.start();
  }

  private boolean nextMember(String why) {
    Origin failed = order.get(index);
    rt.health().failure(failed, why);
    if (!eligible || index + 1 >= order.size()) {
      return false;
    }
    rt.health().failedOver(failed);
    if (rt.metrics() != null) {
      rt.metrics().origin(failed.id()).failover();
    }
    index++;
    log.warn("failing over from origin '{}' to '{}' for {}: {}", failed.id(), order.get(index).id(), pathAndQuery, why);
    return true;
  }

  /** A piece of the request body (uploads: never failed over, so always the first member). */
  void sendBody(io.netty.handler.codec.http.HttpContent content) {
    if (current == null || cancelled) {
      content.release();
      return;
    }
    current.sendBody(content);
  }

  // ---- OriginStream ---------------------------------------------------------------------------

  @Override
  public void read() {
    if (current != null && !buffering) {
      current.read();
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    releaseBuffered();
    if (current != null) {
      current.cancel();
    }
  }

  @Override
  public boolean done() {
    return cancelled || (current != null && current.done() && !resuming);
  }

  @Override
  public EventLoop loop() {
    return loop;
  }

  @Override
  public Origin origin() {
    return current == null ? request.origin() : current.origin();
  }

  @Override
  public OriginRequest request() {
    return current == null ? request : current.request();
  }

  @Override
  public long requestSentAtMillis() {
    return firstSentAtMillis != 0 ? firstSentAtMillis : current.requestSentAtMillis();
  }

  @Override
  public void sink(Sink s) {
    this.sink = s;
  }

  // ---- from the member's fetch ----------------------------------------------------------------

  @Override
  public void onHead(OriginStream f, int status, String reason, HttpFields headers) {
    if (cancelled) {
      f.cancel();
      return;
    }
    if (resuming) {
      resumed(f, status, headers);
      return;
    }
    if (group.failoverStatusCodes().contains(status) && nextMember("answered " + status)) {
      f.cancel();
      attempt(null);
      return;
    }
    long length = HttpFieldValues.contentLength(headers);
    if (eligible && group.failsOver() && status == 200 && isPlaylist()
        && (length < 0 || length <= MAX_PLAYLIST_BYTES)) {
      buffering = true;
      buffered = new ArrayList<>();
      pendingStatus = status;
      pendingReason = reason;
      pendingHeaders = headers;
      f.read();
      return;
    }
    deliverHead(f, status, reason, headers);
  }

  private boolean isPlaylist() {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    return path.endsWith(".m3u8");
  }

  private void deliverHead(OriginStream f, int status, String reason, HttpFields headers) {
    rt.health().success(f.origin());
    headDelivered = true;
    firstSentAtMillis = f.requestSentAtMillis();
    rememberRepresentation(status, headers);
    sink.onHead(this, status, reason, headers);
  }

  private void rememberRepresentation(int status, HttpFields headers) {
    Optional<EntityTag> tag = EntityTag.parse(headers.get("ETag"));
    strongEtag = tag.isPresent() && !tag.get().weak() ? headers.get("ETag") : null;
    if (status == 200) {
      long len = HttpFieldValues.contentLength(headers);
      rangeFirst = 0;
      rangeLast = len > 0 ? len - 1 : -1;
      completeLength = len;
    } else if (status == 206) {
      Optional<ContentRange> cr = ContentRange.parse(headers.get("Content-Range"));
      if (cr.isPresent() && !cr.get().isUnsatisfied()) {
        rangeFirst = cr.get().first();
        rangeLast = cr.get().last();
        completeLength = cr.get().completeLength();
      }
    }
  }

  @Override
  public void onContent(OriginStream f, ByteBuf content, boolean last) {
    if (cancelled) {
      content.release();
      return;
    }
    if (buffering) {
      buffered.add(content);
      bufferedBytes += content.readableBytes();
      if (last) {
        playlistComplete(f);
      } else if (bufferedBytes > MAX_PLAYLIST_BYTES) {
        stopBuffering(f, false); // not a small playlist after all: stream it
      }
      return;
    }
    delivered += content.readableBytes();
    sink.onContent(this, content, last);
  }

  private void playlistComplete(OriginStream f) {
    StringBuilder text = new StringBuilder(bufferedBytes);
    for (ByteBuf b : buffered) {
      text.append(b.toString(StandardCharsets.UTF_8));
    }
    HlsPlaylistFacts facts = HlsPlaylistFacts.parse(text);
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    if (rt.playlists().stuck(f.origin().id(), path, facts, System.nanoTime())) {
      String why = "live playlist " + path + " stuck at media sequence " + facts.mediaSequence();
      if (nextMember(why)) {
        releaseBuffered();
        buffering = false;
        attempt(null);
        return;
      }
      log.warn("origin '{}': {} and no other member to try", f.origin().id(), why);
    }
    stopBuffering(f, true);
  }

  /** Passes the held head and body on. */
  private void stopBuffering(OriginStream f, boolean complete) {
    buffering = false;
    List<ByteBuf> held = buffered;
    buffered = null;
    deliverHead(f, pendingStatus, pendingReason, pendingHeaders);
    for (int i = 0; i < held.size(); i++) {
      boolean last = complete && i == held.size() - 1;
      ByteBuf b = held.get(i);
      delivered += b.readableBytes();
      if (cancelled) {
        b.release();
      } else {
        sink.onContent(this, b, last);
      }
    }
    if (!complete && !cancelled) {
      sink.onReadComplete(this);
    }
  }

  private void releaseBuffered() {
    if (buffered != null) {
      buffered.forEach(ByteBuf::release);
      buffered = null;
    }
  }

  @Override
  public void onReadComplete(OriginStream f) {
    if (cancelled) {
      return;
    }
    if (buffering) {
      f.read();
      return;
    }
    sink.onReadComplete(this);
  }

  @Override
  public void onFailure(OriginStream f, EdgeError beforeHead, String why) {
    if (cancelled) {
      return;
    }
    if (buffering) {
      releaseBuffered();
      buffering = false;
      beforeHead = EdgeError.originBroken(f.origin().id(), why);
    }
    if (resuming) {
      resuming = false;
      if (nextMember(why)) {
        resume();
        return;
      }
      sink.onFailure(this, null, "resuming the body failed: " + why);
      return;
    }
    if (!headDelivered) {
      if (nextMember(why)) {
        attempt(null);
        return;
      }
      sink.onFailure(this, beforeHead != null ? beforeHead : EdgeError.originBroken(f.origin().id(), why), why);
      return;
    }
    // Mid-body: continue from the next member with a range guarded by the validator.
    if (strongEtag != null && rangeLast >= 0 && completeLength > 0 && nextMember(why)) {
      resume();
      return;
    }
    sink.onFailure(this, null, why);
  }

  private void resume() {
    resuming = true;
    long from = rangeFirst + delivered;
    log.warn("resuming {} from byte {} on origin '{}'", pathAndQuery, from, order.get(index).id());
    attempt(HttpFields.of("Range", "bytes=" + from + "-" + rangeLast, "If-Range", strongEtag));
  }

  private void resumed(OriginStream f, int status, HttpFields headers) {
    long from = rangeFirst + delivered;
    Optional<ContentRange> cr = ContentRange.parse(headers.get("Content-Range"));
    boolean sameRange = status == 206 && cr.isPresent() && !cr.get().isUnsatisfied()
        && cr.get().first() == from && cr.get().last() == rangeLast && cr.get().completeLength() == completeLength;
    boolean sameObject = strongEtag.equals(headers.get("ETag"));
    if (!sameRange || !sameObject) {
      f.cancel();
      resuming = false;
      String why = "origin '" + f.origin().id() + "' has a different representation (" + status + ", ETag "
          + headers.get("ETag") + "): not splicing two objects";
      log.warn("{}: {}", pathAndQuery, why);
      sink.onFailure(this, null, why);
      return;
    }
    resuming = false;
    rt.health().success(f.origin());
    f.read();
  }
}
