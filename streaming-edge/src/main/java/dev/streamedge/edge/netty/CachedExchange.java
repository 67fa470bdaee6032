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
import dev.streamedge.edge.proxy.ProxyHeaders;
import dev.streamedge.edge.range.RangeParser;
import dev.streamedge.edge.range.RangeSpec;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
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
  /** A GET with no Range and no condition: its answer, on a hit, is the whole stored body. */
  private final boolean plainGet;

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
    this.plainGet = plan.request().method().equals("GET") && !anyConditional(requestHeaders);
  }

  private static boolean anyConditional(HttpFields headers) {
    for (int i = 0; i < CONDITIONAL.size(); i++) {
      if (headers.contains(CONDITIONAL.get(i))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void start() {
    viewer.readBody(); // a GET/HEAD body is empty; consume its end
    String key = plan.key().value();
    if (cache.passMarked(key)) {
      passThrough();
      return;
    }
    if (cache.purgePending(key) && cache.runAfterPurge(key, () -> loop.execute(this::lookUp))) {
      return; // an unsafe request invalidated this URL and the purge has not run yet
    }
    if (cache.hot().enabled() && fromMemory(key)) {
      return;
    }
    lookUp();
  }

  /** Looks the request's key up in the store (on the blocking pool), then {@link #onLookup}. */
  private void lookUp() {
    String key = plan.key().value();
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

  /**
   * A fresh hit answered from the memory tier, here on the event loop (no store read, no thread
   * hand-off); false when the tier has no usable copy or the copy is not fresh (the store path then
   * decides: revalidation, stale serving and the rest).
   */
  private boolean fromMemory(String primaryKey) {
    HotObjects hot = cache.hot();
    String key = primaryKey;
    HotObjects.Entry e = hot.get(key);
    if (e == null) {
      return false;
    }
    if (e.vary != null) {
      // touch, not revision(): the marker is used (its variants are), so the store's eviction
      // must see it as used, as a store lookup of the primary key would.
      if (!cache.store().touch(key, e.revision)) {
        hot.remove(e);
        return false;
      }
      Optional<String> secondary = Vary.secondaryKey(e.vary, requestHeaders);
      if (secondary.isEmpty()) {
        return false;
      }
      key = plan.key().withVariant(secondary.get()).value();
      e = hot.get(key);
      if (e == null || e.vary != null) {
        return false;
      }
    }
    if (!(rules.lookup(requestHeaders, e.stored, rt.clock().instant()) instanceof LookupDecision.Fresh fresh)) {
      return false;
    }
    if (!cache.store().touch(key, e.revision)) {
      hot.remove(e); // purged, replaced, refreshed or evicted in the store
      return false;
    }
    ByteBuf body = e.retainedBody();
    if (body == null) {
      return false;
    }
    // A file-backed object goes out mostly with sendfile where the connection allows it.
    SpanRegion.Shared file = e.hasFile() && StoreResponder.sendfileCapable(viewer.ctx()) ? e.retainedFile() : null;
    hot.hit();
    StoredResponse stored = e.stored;
    HttpFields fields = hitFields(e, fresh.ageSeconds());
    if (viewer.requestBodyPending()) {
      // The request's end is still in the decoder: answer once it is read, so the connection
      // stays in step for the next request.
      memoryHit = body;
      memoryHitFile = file;
      memoryHitServe = () -> serveFromMemory(stored, fields, body, file);
    } else {
      serveFromMemory(stored, fields, body, file);
    }
    return true;
  }

  /**
   * Serves a memory-tier hit; {@code body} and {@code file} (null, or the body's file span) are
   * released here unless a responder took them.
   */
  private void serveFromMemory(StoredResponse stored, HttpFields fields, ByteBuf body, SpanRegion.Shared file) {
    try {
      serve(null, stored, fields, "Hit", body, file);
    } finally {
      if (!firstTaken) {
        body.release();
        if (file != null) {
          file.release();
        }
      }
    }
  }

  /**
   * A memory-tier hit's viewer fields: the entry's shared part (made once per entry and
   * configuration) plus what differs per hit. The same fields {@link #viewerFields} makes.
   */
  private HttpFields hitFields(HotObjects.Entry e, long ageSeconds) {
    ProxyHeaders proxy = rt.lifecycle().proxyHeaders();
    HotObjects.HitHead head = e.head;
    if (head == null || !head.madeWith(rules, proxy)) {
      head = new HotObjects.HitHead(rules, proxy, sharedFields(rules, proxy, e.stored));
      e.head = head;
    }
    return head.fields().plus("Age", Long.toString(ageSeconds), "X-Cache", proxy.xCache("Hit"),
        "X-Edge-Request-Id", requestId);
  }

  /** The viewer fields of {@code stored} that do not change from one response to the next. */
  private static HttpFields sharedFields(CacheRules rules, ProxyHeaders proxy, StoredResponse stored) {
    HttpFields.Builder b = proxy.viewerBase(rules.viewerHeaders(stored)).toBuilder()
        .remove("Age")
        .remove("X-Cache")
        .remove("X-Edge-Request-Id");
    if (stored.status() == 200 && !b.contains("Accept-Ranges")) {
      b.add("Accept-Ranges", "bytes");
    }
    return b.build();
  }

  /** The viewer fields for a response from the store (every header the viewer gets but framing). */
  private HttpFields viewerFields(StoredResponse stored, long ageSeconds, String label) {
    HttpFields viewerFields = rules.viewerHeaders(stored, ageSeconds);
    HttpFields fields = rt.lifecycle().proxyHeaders().viewerResponse(viewerFields, label, requestId);
    if (stored.status() == 200 && !fields.contains("Accept-Ranges")) {
      fields = fields.plus("Accept-Ranges", "bytes");
    }
    return fields;
  }

  /** A memory-tier hit waiting for the request's end ({@link #onViewerContent}), or null. */
  private ByteBuf memoryHit;
  private SpanRegion.Shared memoryHitFile;
  private Runnable memoryHitServe;

  /** {@code first}: the whole body of a committed object, read in the lookup's task, or null. */
  private record Found(ObjectReader reader, String key, StoredObjects.Sliced sliced, ByteBuf first) {
    Found(ObjectReader reader, String key) {
      this(reader, key, null, null);
    }

    Found withFirst(ByteBuf b) {
      return new Found(reader, key, sliced, b);
    }
  }

  /**
   * Blocking: the whole body of a committed object, read now, for a GET (ranges and conditionals
   * included) when the memory tier keeps objects of its size and has room for a copy (the copy is
   * then put in the tier), or for a plain GET when it fits one chunk (a hit then costs one trip to
   * the blocking pool instead of two); null otherwise or if the read falls short.
   */
  private ByteBuf readWhole(ObjectReader reader, String key) {
    if (reader.state() != ObjectState.COMMITTED) {
      return null;
    }
    long length = reader.length();
    HotObjects hot = cache.hot();
    boolean oneChunk = plainGet && length <= cache.store().chunkSize();
    // Any GET may make the copy, a range one too: players of MP4 files ask for nothing but ranges.
    if (length <= 0 || !(oneChunk || (!headRequest && hot.admits(length)))) {
      return null;
    }
    int size = (int) length;
    // 4 bytes of room: whole chunks (and their checksums) are read straight into the buffer.
    ByteBuf b = null;
    boolean keep = hot.admits(length) && reader.revision() >= 0 && !cache.purgePending(key);
    if (keep) {
      b = hot.allocateCopy(size + 4);
      keep = b != null;
    }
    if (b == null) {
      if (!oneChunk) {
        return null; // no room for a copy: the object is read from the store chunk by chunk
      }
      try {
        b = cache.readBuffers().directBuffer(size + 4);
      } catch (OutOfMemoryError e) {
        return null;
      }
    }
    try {
      int at = 0;
      while (at < size) {
        int n = reader.read(at, b.nioBuffer(at, size + 4 - at));
        if (n <= 0) {
          b.release();
          return null;
        }
        at += n;
      }
      b.writerIndex(size);
    } catch (RuntimeException e) {
      b.release();
      return null;
    }
    if (keep) {
      try {
        hot.put(HotObjects.Entry.committed(reader, b.retainedDuplicate()));
      } catch (RuntimeException e) {
        log.debug("{}: not kept in memory: {}", key, e.toString());
      }
    }
    return b;
  }

  private static final List<String> CONDITIONAL =
      List.of("Range", "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range");

  /** Blocking: the reader for the request's variant, or null. */
  private Found lookup(CacheKey primary) {
    Optional<ObjectReader> r = cache.store().lookup(primary.value());
    if (r.isEmpty()) {
      return null;
    }
    ObjectReader reader = r.get();
    StoredObjects.Sliced sliced = StoredObjects.slicedOf(reader.meta());
    if (sliced != null) {
      return new Found(reader, primary.value(), sliced, null);
    }
    List<String> vary = StoredObjects.varyOf(reader.meta());
    if (vary == null) {
      return new Found(reader, primary.value()).withFirst(readWhole(reader, primary.value()));
    }
    if (cache.hot().enabled() && reader.revision() >= 0) {
      cache.hot().put(new HotObjects.Entry(primary.value(), reader.revision(), null, List.copyOf(vary), null));
    }
    reader.close();
    Optional<String> secondary = Vary.secondaryKey(vary, requestHeaders);
    if (secondary.isEmpty()) {
      return null;
    }
    String variant = primary.withVariant(secondary.get()).value();
    return cache.store().lookup(variant).map(v -> new Found(v, variant).withFirst(readWhole(v, variant))).orElse(null);
  }

  private void onLookup(Found found) {
    ByteBuf first = found == null ? null : found.first();
    try {
      onLookup(found, first);
    } finally {
      if (first != null && !firstTaken) {
        first.release();
      }
    }
  }

  /** Set when a responder took the looked-up body (it releases it from then on). */
  private boolean firstTaken;

  private void onLookup(Found found, ByteBuf first) {
    if (closed) {
      closeLater(found == null ? null : found.reader());
      return;
    }
    if (found == null) {
      miss();
      return;
    }
    ObjectReader reader = found.reader();
    if (found.sliced() != null) {
      closeLater(reader); // the marker: its facts are in found.sliced()
      onSliced(found.sliced());
      return;
    }
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
      serve(reader, stored, viewerFields(stored, fresh.ageSeconds(), "Hit"), "Hit", first, null);
    } else if (d instanceof LookupDecision.Stale stale) {
      if (stale.serveWhileRevalidating()) {
        serve(reader, stored, viewerFields(stored, stale.ageSeconds(), "Hit"), "Hit", first, null);
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
    if (plan.route().behavior().sliceSize() > 0) {
      probe();
    } else {
      join(null, null, -1);
    }
  }

  // ---- objects cached in slices ---------------------------------------------------------------

  private void onSliced(StoredObjects.Sliced sliced) {
    Instant now = rt.clock().instant();
    LookupDecision d = rules.lookup(requestHeaders, sliced.stored(), now);
    if (d instanceof LookupDecision.Fresh fresh) {
      serveSliced(sliced, fresh.ageSeconds(), "Hit");
      return;
    }
    if (d instanceof LookupDecision.Unavailable) {
      viewer.respondError(new EdgeError(504, "not in the cache (only-if-cached)"), headRequest);
      return;
    }
    // Stale: the slices are dropped and the object probed again (no revalidation of sliced objects).
    String prefix = CacheKey.urlPrefix(plan.key().urlPart());
    cache.blocking().execute(() -> {
      cache.purgePrefix(prefix);
      loop.execute(this::probe);
    });
  }

  /** A miss on a sliced behavior: ask the origin for the viewer's first slice (or up to the threshold). */
  private void probe() {
    var b = plan.route().behavior();
    long sliceSize = b.sliceSize();
    long start = firstByteWanted();
    long first = start < b.sliceThreshold() ? 0 : (start / sliceSize) * sliceSize;
    long last = first == 0 ? b.sliceThreshold() - 1 : first + sliceSize - 1;
    boolean[] created = new boolean[1];
    SliceFill probe = cache.joinSlice(plan.key().value(), () -> new SliceFill(rt, cache, plan.key(), rules, requestHeaders,
        plan.route().target(), plan.fillRequest(), sliceSize, b.sliceThreshold(), b.maxObjectSize(), first, last, null),
        created);
    if (created[0]) {
      probe.startAfterMiss(loop);
    } else if (rt.metrics() != null) {
      rt.metrics().collapsed();
    }
    probe.awaitProbe(loop, this::onProbe, this::onFillOutcome, this::takeOver);
  }

  /** The first byte the viewer asks for: the start of its first range, or 0. */
  private long firstByteWanted() {
    String range = requestHeaders.get("Range");
    if (range == null) {
      return 0;
    }
    RangeParser.Parsed parsed = RANGES.parse(range);
    if (parsed instanceof RangeParser.Parsed.Specs specs && !specs.specs().isEmpty()) {
      RangeSpec s = specs.specs().get(0);
      return s.isSuffix() ? 0 : s.first();
    }
    return 0;
  }

  private void onProbe(SliceFill.Outcome o) {
    if (closed) {
      return;
    }
    if (o instanceof SliceFill.Outcome.Sliced || o instanceof SliceFill.Outcome.LookAgain) {
      start(); // the marker (or the object) is stored: look it up again
    } else if (o instanceof SliceFill.Outcome.Adopted a) {
      a.fill().await(loop, this::onFillOutcome, this::takeOver);
    } else if (o instanceof SliceFill.Outcome.NotStorable) {
      passThrough();
    } else if (o instanceof SliceFill.Outcome.Failed f) {
      viewer.respondError(f.error(), headRequest);
    } else {
      viewer.respondError(EdgeError.originBroken(plan.route().origin().id(), "unexpected slice outcome"), headRequest);
    }
  }

  private void serveSliced(StoredObjects.Sliced sliced, long ageSeconds, String label) {
    HttpFields viewerFields = rules.viewerHeaders(sliced.stored(), ageSeconds);
    HttpFields fields = rt.lifecycle().proxyHeaders().viewerResponse(viewerFields, label, requestId);
    if (!fields.contains("Accept-Ranges")) {
      fields = fields.plus("Accept-Ranges", "bytes");
    }
    ServePlan sp = ServePlan.decide(plan.request().method(), requestHeaders, 200, sliced.stored().headers(),
        sliced.total(), RANGES, CachedExchange::boundary);
    long neededEnd = sliced.total();
    if (sp instanceof ServePlan.Partial part) {
      neededEnd = part.range().last() + 1;
    } else if (sp instanceof ServePlan.Multipart mp) {
      neededEnd = 0;
      for (var pt : mp.plan().parts()) {
        neededEnd = Math.max(neededEnd, pt.offset() + pt.length());
      }
    }
    responder = new StoreResponder(rt, cache, viewer, new SlicedSource(sliced, neededEnd), keepAlive, label);
    responder.respond(sp, 200, "OK", fields, headRequest, http10);
  }

  /**
   * Readers of an object's slices: the stored slice if it is there (and of the same version), else
   * a slice fill, collapsed with others for the same slice. The next slice is fetched ahead.
   */
  private final class SlicedSource implements ReaderSource {
    private final StoredObjects.Sliced sliced;
    /** The response needs no byte at or after this offset: nothing beyond it is prefetched. */
    private final long neededEnd;
    private long prefetched = -1;
    private boolean closedSource;

    SlicedSource(StoredObjects.Sliced sliced, long neededEnd) {
      this.sliced = sliced;
      this.neededEnd = neededEnd;
    }

    @Override
    public void open(long position, Opened callback) {
      long size = sliced.sliceSize();
      long index = position / size;
      long base = index * size;
      long end = Math.min(base + size, sliced.total());
      String sliceKey = sliced.sliceKey(plan.key().value(), index);
      cache.blocking().execute(() -> {
        ObjectReader r = lookupSlice(sliceKey);
        loop.execute(() -> {
          if (r != null) {
            callback.reader(r, base, end);
          } else {
            fill(index, base, end, callback);
          }
          prefetch(index + 1);
        });
      });
    }

    /** Blocking: the stored slice of this version, or null. */
    private ObjectReader lookupSlice(String sliceKey) {
      Optional<ObjectReader> r = cache.store().lookup(sliceKey);
      if (r.isEmpty()) {
        return null;
      }
      ObjectReader reader = r.get();
      boolean usable = reader.state() != ObjectState.ABORTED && sliced.etag().equals(reader.meta().etag());
      if (!usable) {
        reader.close();
        return null;
      }
      return reader;
    }

    private SliceFill fillFor(long index, long base, long end, boolean[] created) {
      var b = plan.route().behavior();
      return cache.joinSlice(sliced.sliceKey(plan.key().value(), index), () -> new SliceFill(rt, cache, plan.key(), rules,
          requestHeaders, plan.route().target(), plan.fillRequest(), sliced.sliceSize(), b.sliceThreshold(),
          b.maxObjectSize(), base, end - 1, sliced), created);
    }

    private void fill(long index, long base, long end, Opened callback) {
      boolean[] created = new boolean[1];
      SliceFill f = fillFor(index, base, end, created);
      if (created[0]) {
        f.startAfterMiss(loop);
      }
      f.await(index, loop, o -> {
        if (o instanceof SliceFill.Outcome.LookAgain) {
          open(base, callback);
        } else if (o instanceof SliceFill.Outcome.Slice s) {
          try {
            callback.reader(s.writer().openReader(), base, end);
          } catch (RuntimeException e) {
            callback.failed("slice " + index + " is gone: " + e.getMessage());
          }
        } else if (o instanceof SliceFill.Outcome.Failed failed) {
          callback.failed("slice " + index + ": " + failed.error().reason());
        } else {
          callback.failed("slice " + index + " could not be fetched");
        }
      });
    }

    /** Starts fetching slice {@code index} if it is neither stored nor being fetched. */
    private void prefetch(long index) {
      if (closedSource || index <= prefetched || index >= sliced.sliceCount()
          || index * sliced.sliceSize() >= neededEnd) {
        return;
      }
      prefetched = index;
      long size = sliced.sliceSize();
      long base = index * size;
      long end = Math.min(base + size, sliced.total());
      String sliceKey = sliced.sliceKey(plan.key().value(), index);
      cache.blocking().execute(() -> {
        ObjectReader r = lookupSlice(sliceKey);
        if (r != null) {
          r.close();
          return;
        }
        loop.execute(() -> {
          if (closedSource) {
            return;
          }
          boolean[] created = new boolean[1];
          SliceFill f = fillFor(index, base, end, created);
          if (created[0]) {
            f.start(loop);
          }
        });
      });
    }

    @Override
    public void close() {
      closedSource = true;
    }
  }

  /** Joins (or starts) the fill for this key and waits for its outcome. */
  private void join(StoredResponse stale, String staleKey, long generation) {
    boolean[] created = new boolean[1];
    Fill fill = cache.join(plan.key().value(), () -> new Fill(rt, cache, plan.key(), rules, requestHeaders,
        plan.route().target(), plan.fillRequest(), stale, staleKey, generation,
        plan.route().behavior().maxObjectSize()), created);
    if (created[0] && stale == null) {
      fill.startAfterMiss(loop);
    } else if (created[0]) {
      fill.start(loop);
    } else if (rt.metrics() != null) {
      rt.metrics().collapsed();
    }
    fill.await(loop, this::onFillOutcome, this::takeOver);
  }

  private void revalidateInBackground(StoredResponse stale, String staleKey, long generation) {
    boolean[] created = new boolean[1];
    Fill fill = cache.join(plan.key().value(), () -> new Fill(rt, cache, plan.key(), rules, requestHeaders,
        plan.route().target(), plan.fillRequest(), stale, staleKey, generation,
        plan.route().behavior().maxObjectSize()), created);
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
      serve(follower, f.stored(), viewerFields(f.stored(), 0, "Miss"), "Miss", null, null,
          f.copy() == null ? null : f.copy().tryRetain());
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
    } else if (o instanceof Fill.Outcome.LookAgain) {
      start();
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
    if (closed || !plainGet || responder != null || delegate != null || relayed != null) {
      return null;
    }
    relayed = new ViewerRelay(rt, viewer, false, http10, keepAlive, requestId, "Miss", null);
    return relayed;
  }

  private void serve(ObjectReader reader, StoredResponse stored, long ageSeconds, String label) {
    serve(reader, stored, viewerFields(stored, ageSeconds, label), label, null, null);
  }

  /**
   * @param reader the stored object's reader, or null when {@code body} is all there is (the
   *     memory tier)
   * @param fields the viewer fields ({@link #viewerFields})
   * @param body the object's whole body already read (the responder takes it), or null
   */
  private void serve(ObjectReader reader, StoredResponse stored, HttpFields fields, String label, ByteBuf body,
      SpanRegion.Shared file) {
    serve(reader, stored, fields, label, body, file, null);
  }

  /** As above; {@code copy} (a reference the responder takes over), the body of the fill it follows. */
  private void serve(ObjectReader reader, StoredResponse stored, HttpFields fields, String label, ByteBuf body,
      SpanRegion.Shared file, FillCopy copy) {
    long length = reader != null ? reader.length() : body.readableBytes();
    ServePlan sp;
    try {
      sp = ServePlan.decide(plan.request().method(), requestHeaders, stored.status(), stored.headers(),
          length, RANGES, CachedExchange::boundary);
    } catch (RuntimeException e) {
      // Nothing took the reader or the copy yet (a memory hit's body and file are its caller's).
      if (copy != null) {
        copy.release();
      }
      closeLater(reader);
      throw e;
    }
    responder = new StoreResponder(rt, cache, viewer, reader, keepAlive, label);
    if (copy != null) {
      responder.followCopy(copy);
    }
    if (body != null) {
      firstTaken = true;
      responder.memoryBody(body);
      if (file != null) {
        responder.memoryFile(file);
      }
    }
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
      return;
    }
    boolean last = content instanceof LastHttpContent;
    int bytes = content.content().readableBytes();
    content.release();
    if (memoryHitServe == null) {
      return;
    }
    deferredBodyBytes += bytes;
    if (last || deferredBodyBytes > MAX_DEFERRED_BODY) {
      // The request's end (the connection stays usable), or a body too long to wait for: answer
      // now, and the connection closes after the response since its request was not read whole.
      Runnable r = memoryHitServe;
      memoryHitServe = null;
      memoryHit = null;
      memoryHitFile = null;
      r.run();
    } else {
      viewer.readBody(); // a body in pieces: read on to its end
    }
  }

  /** The most of a request body a memory-tier hit reads (and drops) before answering. */
  private static final int MAX_DEFERRED_BODY = 64 * 1024;

  private long deferredBodyBytes;

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
    if (memoryHit != null) {
      memoryHit.release();
      memoryHit = null;
      memoryHitServe = null;
      if (memoryHitFile != null) {
        memoryHitFile.release();
        memoryHitFile = null;
      }
    }
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
