package dev.streamedge.edge.netty;

import dev.streamedge.edge.cache.CacheKey;
import dev.streamedge.edge.cache.CacheRules;
import dev.streamedge.edge.cache.LookupDecision;
import dev.streamedge.edge.cache.StoredObjects;
import dev.streamedge.edge.cache.StoredResponse;
import dev.streamedge.edge.cache.Vary;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.lifecycle.Plan;
import dev.streamedge.edge.lifecycle.ServePlan;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.range.RangeParser;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GET or HEAD served through the cache: CacheLookup → [fresh] Respond; [stale] revalidate (or
 * serve while revalidating, or serve on error); [miss] join or start the {@link Fill} for the key
 * and follow it. Store calls run on the blocking executor; everything else on the viewer's loop.
 */
final class CachedExchange implements ViewerExchange {
  private static final Logger log = LoggerFactory.getLogger(CachedExchange.class);
  private static final RangeParser RANGES = RangeParser.withDefaults();

  private final EdgeRuntime rt;
  private final EdgeCache cache;
  private final ViewerHandler viewer;
  private final Plan.Cached plan;
  private final CacheRules rules;
  private final HttpFields requestHeaders;
  private final boolean headRequest;
  private final boolean http10;
  private final boolean keepAlive;
  private final String requestId;
  private final EventLoop loop;

  private boolean closed;
  private StoreResponder responder;
  private ViewerExchange delegate;
  private ViewerRelay relayed;
  /** The stale entry kept open while it is revalidated, for stale-if-error. */
  private ObjectReader staleReader;
  private StoredResponse staleResponse;

  CachedExchange(EdgeRuntime rt, EdgeCache cache, ViewerHandler viewer, Plan.Cached plan, boolean http10,
      boolean keepAlive, String requestId) {
    this.rt = rt;
    this.cache = cache;
    this.viewer = viewer;
    this.plan = plan;
    this.rules = plan.route().cache().rules();
    this.requestHeaders = plan.request().headers();
    this.headRequest = plan.request().isHead();
    this.http10 = http10;
    this.keepAlive = keepAlive;
    this.requestId = requestId;
    this.loop = viewer.ctx().channel().eventLoop();
  }

  @Override
  public void start() {
    viewer.readBody(); // a GET/HEAD body is empty; consume its end
    String key = plan.key().value();
    if (cache.passMarked(key)) {
      passThrough();
      return;
    }
    cache.blocking().execute(() -> {
      Found found;
      try {
        found = lookup(plan.key());
      } catch (RuntimeException e) {
        log.warn("{}: cache lookup failed, going to the origin: {}", key, e.toString());
        found = null;
      }
      Found f = found;
      loop.execute(() -> onLookup(f));
    });
  }

  private record Found(ObjectReader reader, String key) {}

  /** Blocking: the reader for the request's variant, or null. */
  private Found lookup(CacheKey primary) {
    Optional<ObjectReader> r = cache.store().lookup(primary.value());
    if (r.isEmpty()) {
      return null;
    }
    ObjectReader reader = r.get();
    List<String> vary = StoredObjects.varyOf(reader.meta());
    if (vary == null) {
      return new Found(reader, primary.value());
    }
    reader.close();
    Optional<String> secondary = Vary.secondaryKey(vary, requestHeaders);
    if (secondary.isEmpty()) {
      return null;
    }
    String variant = primary.withVariant(secondary.get()).value();
    return cache.store().lookup(variant).map(v -> new Found(v, variant)).orElse(null);
  }

  private void onLookup(Found found) {
    if (closed) {
      closeLater(found == null ? null : found.reader());
      return;
    }
    if (found == null) {
      miss();
      return;
    }
    ObjectReader reader = found.reader();
    ObjectState state = reader.state();
    if (state == ObjectState.FILLING) {
      // Another request's fill is writing this object: follow it. No origin request on our
      // account: a hit (the requests that waited for the origin's answer are the misses).
      serve(reader, StoredObjects.fromMeta(reader.meta()), 0, "Hit");
      return;
    }
    if (state == ObjectState.ABORTED) {
      closeLater(reader);
      miss();
      return;
    }
    StoredResponse stored;
    try {
      stored = StoredObjects.fromMeta(reader.meta());
    } catch (RuntimeException e) {
      closeLater(reader);
      miss();
      return;
    }
    Instant now = rt.clock().instant();
    LookupDecision d = rules.lookup(requestHeaders, stored, now);
    if (d instanceof LookupDecision.Fresh fresh) {
      serve(reader, stored, fresh.ageSeconds(), "Hit");
    } else if (d instanceof LookupDecision.Stale stale) {
      if (stale.serveWhileRevalidating()) {
        serve(reader, stored, stale.ageSeconds(), "Hit");
        revalidateInBackground(stored, found.key(), reader.generation());
      } else {
        staleReader = reader;
        staleResponse = stored;
        join(stored, found.key(), reader.generation());
      }
    } else if (d instanceof LookupDecision.Unavailable) {
      closeLater(reader);
      viewer.respondError(new EdgeError(504, "not in the cache (only-if-cached)"), headRequest);
    } else {
      closeLater(reader);
      passThrough();
    }
  }

  private void miss() {
    join(null, null, -1);
  }

  /** Joins (or starts) the fill for this key and waits for its outcome. */
  private void join(StoredResponse stale, String staleKey, long generation) {
    boolean[] created = new boolean[1];
    Fill fill = cache.join(plan.key().value(), () -> new Fill(rt, cache, plan.key(), rules, requestHeaders,
        plan.route().target(), plan.fillRequest(), stale, staleKey, generation), created);
    if (created[0]) {
      fill.start(loop);
    } else if (rt.metrics() != null) {
      rt.metrics().collapsed();
    }
    fill.await(loop, this::onFillOutcome, this::takeOver);
  }

  private void revalidateInBackground(StoredResponse stale, String staleKey, long generation) {
    boolean[] created = new boolean[1];
    Fill fill = cache.join(plan.key().value(), () -> new Fill(rt, cache, plan.key(), rules, requestHeaders,
        plan.route().target(), plan.fillRequest(), stale, staleKey, generation), created);
    if (created[0]) {
      fill.start(loop);
    }
  }

  private void onFillOutcome(Fill.Outcome o) {
    if (closed) {
      closeLater(staleReader);
      return;
    }
    if (o instanceof Fill.Outcome.Following f) {
      closeLater(staleReader);
      staleReader = null;
      Optional<String> mine = f.varyFields().isEmpty() ? Optional.of("")
          : Vary.secondaryKey(f.varyFields(), requestHeaders).map(s -> plan.key().withVariant(s).value());
      if (!f.varyFields().isEmpty() && (mine.isEmpty() || !mine.get().equals(f.storedKey()))) {
        passThrough(); // another variant than ours is being stored
        return;
      }
      ObjectReader follower;
      try {
        follower = f.writer().openReader();
      } catch (RuntimeException e) {
        // The fill ended (aborted) before this waiter could follow it. Asking the origin again
        // from every waiter would stampede an origin that just failed.
        viewer.respondError(EdgeError.originBroken(plan.route().origin().id(), "the response was cut short"),
            headRequest);
        return;
      }
      if (follower.state() == ObjectState.ABORTED) {
        closeLater(follower);
        viewer.respondError(EdgeError.originBroken(plan.route().origin().id(), "the response was cut short"),
            headRequest);
        return;
      }
      serve(follower, f.stored(), 0, "Miss");
    } else if (o instanceof Fill.Outcome.Refreshed r) {
      if (staleReader != null) {
        ObjectReader reader = staleReader;
        staleReader = null;
        serve(reader, r.stored(), r.stored().ageSeconds(rt.clock().instant()), "RefreshHit");
      } else {
        start(); // a request that joined a revalidation without a stale copy: look up again
      }
    } else if (o instanceof Fill.Outcome.NotStorable ns) {
      closeLater(staleReader);
      staleReader = null;
      passThrough();
    } else if (o instanceof Fill.Outcome.Failed failed) {
      if (staleReader != null && rules.mayServeStaleOnError(staleResponse, rt.clock().instant())) {
        ObjectReader reader = staleReader;
        staleReader = null;
        log.info("{}: origin failed ({}), serving stale", plan.key(), failed.error().reason());
        serve(reader, staleResponse, staleResponse.ageSeconds(rt.clock().instant()), "Hit");
        return;
      }
      closeLater(staleReader);
      staleReader = null;
      viewer.respondError(failed.error(), headRequest);
    }
  }

  /**
   * Offered the fill's own response when it may not be shared: a plain GET whose viewer is still
   * here takes it, so an uncacheable URL costs one origin request, not two.
   */
  private OriginStream.Sink takeOver() {
    if (closed || headRequest || responder != null || delegate != null || relayed != null) {
      return null;
    }
    for (String f : List.of("Range", "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range")) {
      if (requestHeaders.contains(f)) {
        return null;
      }
    }
    relayed = new ViewerRelay(rt, viewer, false, http10, keepAlive, requestId, "Miss", null);
    return relayed;
  }

  private void serve(ObjectReader reader, StoredResponse stored, long ageSeconds, String label) {
    HttpFields viewerFields = rules.viewerHeaders(stored, ageSeconds);
    HttpFields fields = rt.lifecycle().proxyHeaders().viewerResponse(viewerFields, label, requestId);
    if (stored.status() == 200 && !fields.contains("Accept-Ranges")) {
      fields = fields.plus("Accept-Ranges", "bytes");
    }
    long length = reader.length();
    ServePlan sp = ServePlan.decide(plan.request().method(), requestHeaders, stored.status(), stored.headers(),
        length, RANGES, CachedExchange::boundary);
    responder = new StoreResponder(rt, cache, viewer, reader, keepAlive, label);
    responder.respond(sp, stored.status(), reasonOf(stored), fields, headRequest, http10);
  }

  private static String reasonOf(StoredResponse stored) {
    return io.netty.handler.codec.http.HttpResponseStatus.valueOf(stored.status()).reasonPhrase();
  }

  private static String boundary() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "streamedge-" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
  }

  /** Asks the origin directly, without storing (the response may not be shared). */
  private void passThrough() {
    PassThroughExchange p = new PassThroughExchange(rt, viewer, plan.route().target(),
        rt.lifecycle().proxyHeaders().originRequest(plan.request(), plan.route().origin()), false, false, 0,
        http10, keepAlive, requestId, "Miss", null, false);
    delegate = p;
    p.start();
  }

  private void closeLater(ObjectReader r) {
    if (r != null) {
      cache.blocking().execute(r::close);
    }
  }

  @Override
  public void onViewerContent(HttpContent content) {
    if (delegate != null) {
      delegate.onViewerContent(content);
    } else {
      content.release();
    }
  }

  @Override
  public void onViewerWritable() {
    if (responder != null) {
      responder.onViewerWritable();
    } else if (delegate != null) {
      delegate.onViewerWritable();
    } else if (relayed != null) {
      relayed.onViewerWritable();
    }
  }

  @Override
  public void onViewerClosed() {
    closed = true;
    if (responder != null) {
      responder.onViewerClosed();
    }
    if (delegate != null) {
      delegate.onViewerClosed();
    }
    if (relayed != null) {
      relayed.cancel();
    }
  }
}
