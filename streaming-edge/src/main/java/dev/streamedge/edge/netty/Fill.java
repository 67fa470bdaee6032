package dev.streamedge.edge.netty;

import dev.streamedge.edge.cache.CacheKey;
import dev.streamedge.edge.cache.CacheRules;
import dev.streamedge.edge.cache.RefreshOutcome;
import dev.streamedge.edge.cache.StorageDecision;
import dev.streamedge.edge.cache.StoredObjects;
import dev.streamedge.edge.cache.StoredResponse;
import dev.streamedge.edge.cache.Vary;
import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.http.HttpFieldValues;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import dev.streamedge.store.CommitResult;
import dev.streamedge.store.ObjectReader;
import dev.streamedge.store.ObjectState;
import dev.streamedge.store.ObjectWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One origin fetch that fills the cache for a key, shared by every request that misses (or finds
 * the entry stale) while it runs — request collapsing. It belongs to no viewer: it finishes even if
 * the request that started it goes away, and viewers read its bytes from the store as they are
 * appended (the store's follow-the-fill readers), so the first byte reaches every waiter as soon
 * as it arrives from the origin.
 *
 * <p>Its waiters learn one {@link Outcome} once the response head is in: follow the fill, the stored
 * entry was refreshed by a 304, the response may not be shared (each waiter then asks the origin
 * itself), or the fetch failed. Appends and the commit run on the blocking executor, one batch at a
 * time; the origin is read again only when a batch is stored, so a slow disk slows the fetch
 * rather than filling memory.
 */
final class Fill implements OriginStream.Sink {
  private static final Logger log = LoggerFactory.getLogger(Fill.class);

  /** What a waiter does next. */
  sealed interface Outcome {
    /**
     * The response is being stored under {@code storedKey}: follow it with {@code
     * writer.openReader()} (non-blocking, any thread). {@code copy}, when not null, holds the body
     * as it arrives: a follower takes a reference ({@link FillCopy#tryRetain()}) to write the bytes
     * its reader reports from it.
     */
    record Following(ObjectWriter writer, String storedKey, StoredResponse stored, List<String> varyFields,
        FillCopy copy) implements Outcome {}

    /** A 304 refreshed the stored entry: serve it with these headers. */
    record Refreshed(StoredResponse stored) implements Outcome {}

    /** The response may not be shared: fetch for yourself. */
    record NotStorable(String why) implements Outcome {}

    /** No usable response: serve stale if allowed, else this error. */
    record Failed(EdgeError error) implements Outcome {}

    /** The object appeared in the store before this fill asked the origin: look it up again. */
    record LookAgain() implements Outcome {}
  }

  /**
   * A waiter. {@code takeOver}, when not null, may claim an unshareable response in flight: it is
   * offered synchronously on the fetch's event loop (only to waiters on that loop) and returns the
   * sink that continues the response, or null to decline.
   */
  private record Waiter(EventLoop loop, Consumer<Outcome> callback, TakeOver takeOver) {}

  /** Offered an unshareable response in flight; returns the sink that takes it, or null. */
  interface TakeOver {
    OriginStream.Sink take();
  }

  private final EdgeRuntime rt;
  private final EdgeCache cache;
  private final CacheKey key;
  private final CacheRules rules;
  private final HttpFields requestHeaders;
  private final OriginRequest request;
  private final OriginGroup group;
  private final long maxObjectSize;
  /** For a revalidation: the stale entry, its key and version; null for a full fill. */
  private final StoredResponse stale;
  private final String staleKey;
  private final long staleGeneration;

  private final List<Waiter> waiters = new ArrayList<>();
  private Outcome outcome;

  private OriginStream fetch;
  private ObjectWriter writer;
  private List<ByteBuf> batch = new ArrayList<>();
  private boolean ended;
  private boolean discardBody;
  /** The body copied as it arrives (see {@link FillCopy}), or null. The fill's loop only. */
  private FillCopy copy;
  /** Viewers that waited on this fill (guarded by this): a copy is made when there are two or more. */
  private int awaited;

  /**
   * @param requestHeaders the viewer request's fields (storage rules and Vary read them)
   * @param request the fill's origin request (validators added here for a revalidation)
   */
  Fill(EdgeRuntime rt, EdgeCache cache, CacheKey key, CacheRules rules, HttpFields requestHeaders,
      OriginGroup group, OriginRequest request, StoredResponse stale, String staleKey, long staleGeneration,
      long maxObjectSize) {
    this.rt = rt;
    this.group = group;
    this.maxObjectSize = maxObjectSize;
    this.cache = cache;
    this.key = key;
    this.rules = rules;
    this.requestHeaders = requestHeaders;
    this.stale = stale;
    this.staleKey = staleKey;
    this.staleGeneration = staleGeneration;
    if (stale != null) {
      HttpFields.Builder h = request.headers().toBuilder();
      rules.revalidationHeaders(stale).forEach(h::set);
      request = request.withHeaders(h.build());
    }
    this.request = request;
  }

  boolean revalidation() {
    return stale != null;
  }

  /**
   * Starts a fill for a miss, unless the object appeared in the store since the miss was seen
   * (another fill got its writer open between that lookup and this fill's registration): then
   * the waiters look it up again instead of asking the origin a second time.
   */
  void startAfterMiss(EventLoop loop) {
    cache.blocking().execute(() -> {
      boolean there = false;
      try {
        Optional<ObjectReader> r = cache.store().lookup(key.value());
        if (r.isPresent()) {
          // A Vary marker is not the object: the variant is what this fill fetches.
          there = r.get().state() != ObjectState.ABORTED
              && StoredObjects.varyOf(r.get().meta()) == null;
          r.get().close();
        }
      } catch (RuntimeException e) {
        there = false;
      }
      boolean found = there;
      loop.execute(() -> {
        if (found) {
          settle(new Outcome.LookAgain());
        } else {
          start(loop);
        }
      });
    });
  }

  void start(EventLoop loop) {
    GroupFetch g = new GroupFetch(rt, rt.fillTarget(group, key.value(), -1), request, loop, null, false, 0, this);
    fetch = g;
    g.start();
  }

  /** Takes over a response another fetcher already has (a slice probe that found a whole object). */
  void adopt(OriginStream f, int status, String reason, HttpFields headers) {
    fetch = f;
    f.sink(this);
    onHead(f, status, reason, headers);
  }

  /**
   * Adds a waiter; its callback runs on {@code loop}, at once if the outcome is known.
   *
   * @param takeOver offered an unshareable response in flight instead of the callback; may be null
   */
  void await(EventLoop loop, Consumer<Outcome> callback, TakeOver takeOver) {
    Outcome known;
    synchronized (this) {
      awaited++;
      known = outcome;
      if (known == null) {
        waiters.add(new Waiter(loop, callback, takeOver));
        return;
      }
    }
    loop.execute(() -> callback.accept(known));
  }

  private void settle(Outcome o) {
    List<Waiter> ws;
    synchronized (this) {
      if (outcome != null) {
        return;
      }
      outcome = o;
      ws = List.copyOf(waiters);
      waiters.clear();
    }
    cache.fillSettled(key.value(), this);
    for (Waiter w : ws) {
      w.loop.execute(() -> w.callback.accept(o));
    }
  }

  // ---- the origin response ----------------------------------------------------------------------

  @Override
  public void onHead(OriginStream f, int status, String reason, HttpFields headers) {
    Instant requestTime = Instant.ofEpochMilli(f.requestSentAtMillis());
    Instant responseTime = rt.clock().instant();
    if (stale != null && status == 304) {
      discardBody = true;
      RefreshOutcome r = rules.refresh(stale, requestHeaders, headers, requestTime, responseTime);
      if (r instanceof RefreshOutcome.Refreshed refreshed) {
        StoredResponse fresh = refreshed.response();
        cache.blocking().execute(() -> {
          try {
            cache.store().updateMeta(staleKey, staleGeneration, StoredObjects.toMeta(fresh, -1));
          } catch (RuntimeException e) {
            log.warn("refreshing {} failed: {}", staleKey, e.toString());
          }
        });
        settle(new Outcome.Refreshed(fresh));
      } else {
        settle(new Outcome.NotStorable("the 304 did not match the stored response"));
      }
      f.read();
      return;
    }
    if (stale != null && status >= 500 && rules.mayServeStaleOnError(stale, responseTime)) {
      // stale-if-error: keep serving what we have rather than replacing it with an error.
      f.cancel();
      settle(new Outcome.Failed(new EdgeError(status, "origin '" + f.origin().id() + "' answered " + status)));
      return;
    }
    StorageDecision d = rules.storage("GET", requestHeaders, status, headers, requestTime, responseTime);
    if (d instanceof StorageDecision.DoNotStore no) {
      log.debug("{}: not stored: {}", key, no.reason().description());
      cache.markPass(key.value());
      handOff(f, status, reason, headers, no.reason().description());
      return;
    }
    StoredResponse sr = ((StorageDecision.Store) d).response();
    List<String> vary = Vary.fieldNames(sr.headers());
    String storedKey;
    if (vary.isEmpty()) {
      storedKey = key.value();
    } else {
      storedKey = key.withVariant(Vary.secondaryKey(vary, requestHeaders).orElseThrow()).value();
    }
    long length = HttpFieldValues.contentLength(headers);
    boolean chunked = headers.contains("Transfer-Encoding");
    long declared = chunked ? -1 : length;
    if (maxObjectSize > 0 && declared > maxObjectSize) {
      f.cancel();
      settle(new Outcome.Failed(new EdgeError(502, "the object is " + declared
          + " bytes, larger than this path's maxObjectSize of " + maxObjectSize)));
      return;
    }
    if (declared > cache.maxObjectBytes()) {
      // Storing it would evict a quarter of the cache or more: stream it instead.
      cache.markPass(key.value());
      handOff(f, status, reason, headers, "larger than " + cache.maxObjectBytes() + " bytes");
      return;
    }
    cache.blocking().execute(() -> {
      ObjectWriter w = null;
      FillCopy c = null;
      try {
        if (!vary.isEmpty()) {
          try (ObjectWriter marker = cache.store().openWriter(key.value(), StoredObjects.varyMarker(vary, responseTime))) {
            marker.commit();
          }
        }
        w = cache.store().openWriter(storedKey, StoredObjects.toMeta(sr, declared));
        c = newCopy(storedKey, vary, declared);
      } catch (RuntimeException e) {
        log.warn("cannot store {}: {}", storedKey, e.toString());
      }
      ObjectWriter opened = w;
      FillCopy made = c;
      f.loop().execute(() -> opened(f, opened, storedKey, sr, vary, made));
    });
  }

  /**
   * The response may not be shared. One waiter on this loop may take it over as it is (no second
   * origin request for it); everyone else asks the origin for themselves.
   */
  private void handOff(OriginStream f, int status, String reason, HttpFields headers, String why) {
    Waiter taker = null;
    OriginStream.Sink sink = null;
    synchronized (this) {
      for (Waiter w : waiters) {
        if (w.takeOver != null && w.loop == f.loop()) {
          sink = w.takeOver.take();
          if (sink != null) {
            taker = w;
            break;
          }
        }
      }
      if (taker != null) {
        waiters.remove(taker);
      }
    }
    settle(new Outcome.NotStorable(why));
    if (sink == null) {
      f.cancel();
      return;
    }
    f.sink(sink);
    sink.onHead(f, status, reason, headers);
  }

  private void releaseBatch() {
    batch.forEach(ByteBuf::release);
    batch.clear();
  }

  /**
   * Blocking (direct memory is allocated and zeroed): a copy for the body when the memory tier
   * admits it and more than one viewer waits on this fill already, else null.
   */
  private FillCopy newCopy(String storedKey, List<String> vary, long declared) {
    HotObjects hot = cache.hot();
    if (!vary.isEmpty() || declared <= 0 || !hot.admits(declared) || cache.purgePending(storedKey)) {
      return null;
    }
    synchronized (this) {
      if (awaited < 2) {
        return null;
      }
    }
    ByteBuf b = hot.allocateCopy((int) declared);
    return b == null ? null : new FillCopy(b);
  }

  private void opened(OriginStream f, ObjectWriter w, String storedKey, StoredResponse sr, List<String> vary,
      FillCopy made) {
    if (w == null) {
      f.cancel();
      settle(new Outcome.NotStorable("the store refused the object"));
      return;
    }
    writer = w;
    copy = made;
    settle(new Outcome.Following(w, storedKey, sr, vary, copy));
    if (f.done() && !ended) {
      // The fetch failed while the writer was being opened.
      abortWriter("origin failed");
      return;
    }
    if (ended || !batch.isEmpty()) {
      storeBatch();
    } else {
      f.read();
    }
  }

  @Override
  public void onContent(OriginStream f, ByteBuf content, boolean last) {
    if (discardBody) {
      content.release();
      return;
    }
    batch.add(content);
    if (last) {
      ended = true;
      if (writer != null && !appending) {
        storeBatch();
      }
    }
  }

  @Override
  public void onReadComplete(OriginStream f) {
    if (discardBody) {
      f.read();
      return;
    }
    if (writer != null && !appending) {
      storeBatch();
    }
  }

  private boolean appending;

  private void storeBatch() {
    if (batch.isEmpty() && !ended) {
      fetch.read();
      return;
    }
    List<ByteBuf> bufs = batch;
    batch = new ArrayList<>();
    boolean last = ended;
    if (copy != null) {
      // Copied before the store has them: a follower uses copied bytes only once the store does.
      for (ByteBuf b : bufs) {
        copy.append(b);
      }
    }
    appending = true;
    ObjectWriter w = writer;
    cache.blocking().execute(() -> {
      boolean ok = true;
      CommitResult result = null;
      try {
        for (ByteBuf b : bufs) {
          if (b.isReadable()) {
            w.append(b.nioBuffer());
          }
        }
        if (last) {
          result = w.commit();
        }
      } catch (RuntimeException e) {
        ok = false;
        log.warn("storing {} failed: {}", key, e.toString());
        w.abort();
      } finally {
        bufs.forEach(ByteBuf::release);
      }
      boolean stored = ok;
      CommitResult committed = result;
      fetch.loop().execute(() -> stored(stored, last, committed));
    });
  }

  private void stored(boolean ok, boolean last, CommitResult result) {
    appending = false;
    if (!ok) {
      dropCopy();
      fetch.cancel();
      return;
    }
    if (last) {
      if (result != CommitResult.COMMITTED) {
        log.info("{}: fill not kept ({})", key, result);
        dropCopy();
      } else {
        keepCopy();
      }
      return;
    }
    switch (AfterBatch.next(ended, fetch.done(), batch.isEmpty())) {
      case STORE -> storeBatch();
      case ORIGIN_FAILED -> abortWriter("origin failed mid-body");
      case READ -> fetch.read();
    }
  }

  @Override
  public void onFailure(OriginStream f, EdgeError beforeHead, String why) {
    if (beforeHead != null) {
      settle(new Outcome.Failed(beforeHead));
      return;
    }
    log.warn("{}: fill from origin '{}' failed: {}", key, f.origin().id(), why);
    releaseBatch();
    dropCopy();
    if (writer != null && !appending) {
      abortWriter(why);
    }
    if (outcome == null) {
      settle(new Outcome.Failed(EdgeError.originBroken(f.origin().id(), why)));
    }
  }

  private void abortWriter(String why) {
    dropCopy();
    ObjectWriter w = writer;
    cache.blocking().execute(w::abort);
  }

  /** Lets go of the copy (followers keep their own references until they are done). */
  private void dropCopy() {
    FillCopy c = copy;
    if (c != null) {
      copy = null;
      c.close();
    }
  }

  /**
   * The fill committed: its copy (made only when more than one viewer waited: the tier's admission
   * rule, a second request) becomes the memory tier's entry for the committed object, so the next
   * requests are memory hits. The entry is made from a store lookup of the key (its revision,
   * decoded response and file span), only if that is this fill's version.
   */
  private void keepCopy() {
    FillCopy c = copy;
    if (c == null) {
      return;
    }
    copy = null;
    if (!c.complete()) {
      c.close();
      return;
    }
    ByteBuf body = c.retainedBody();
    c.close();
    ObjectWriter w = writer;
    try {
      cache.blocking().execute(() -> keep(w, body));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      body.release(); // the edge is stopping
    }
  }

  /** Blocking: puts {@code body} (taken over) in the memory tier as {@code w}'s committed object. */
  private void keep(ObjectWriter w, ByteBuf body) {
    ByteBuf b = body;
    try {
      Optional<ObjectReader> found = cache.store().lookup(w.key());
      if (found.isEmpty()) {
        return;
      }
      try (ObjectReader r = found.get()) {
        if (r.generation() == w.generation() && r.state() == ObjectState.COMMITTED && r.revision() >= 0
            && r.length() == b.readableBytes() && !cache.purgePending(w.key())) {
          HotObjects.Entry e = HotObjects.Entry.committed(r, b);
          b = null;
          cache.hot().put(e);
        }
      }
    } catch (RuntimeException e) {
      log.debug("{}: the fill's copy not kept in memory: {}", w.key(), e.toString());
    } finally {
      if (b != null) {
        b.release();
      }
    }
  }
}
