package dev.streamedge.edge.netty;

import dev.streamedge.edge.cache.CacheKey;
import dev.streamedge.edge.cache.CacheRules;
import dev.streamedge.edge.cache.StorageDecision;
import dev.streamedge.edge.cache.StoredObjects;
import dev.streamedge.edge.cache.StoredResponse;
import dev.streamedge.edge.config.OriginGroup;
import dev.streamedge.edge.http.EntityTag;
import dev.streamedge.edge.http.HttpFields;
import dev.streamedge.edge.proxy.EdgeError;
import dev.streamedge.edge.proxy.OriginRequest;
import dev.streamedge.edge.range.ContentRange;
import dev.streamedge.store.ObjectWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches aligned slices of a large object from the origin with a {@code Range} request and
 * stores each slice as an object of its own ({@code <key>#<index>}), so that a 100-byte range of
 * an uncached 20 GB object costs the origin one slice, slices are collapsed like any fill, and
 * viewers follow each slice as it arrives.
 *
 * <p>As a <b>probe</b> (the object is not cached yet), the answer decides how the object is kept:
 * a {@code 206} for part of a larger object writes the object's marker (total length, ETag,
 * headers, freshness) and its first slices; an object no larger than {@code sliceThreshold}, a
 * {@code 200} (the origin ignored the range) or any other status is handed to an ordinary
 * {@link Fill} that stores it whole — the same response, no second request. For a <b>known</b>
 * object, the request carries {@code If-Range} with the marker's ETag, and anything but a 206 of
 * exactly the asked range of the same representation means the object changed at the origin: the
 * stored object is purged and the viewer's response fails, never splicing two versions.
 */
final class SliceFill implements OriginStream.Sink {
  private static final Logger log = LoggerFactory.getLogger(SliceFill.class);

  sealed interface Outcome {
    /** Slice bytes are being stored: follow {@code writer.openReader()}. */
    record Slice(ObjectWriter writer) implements Outcome {}

    /** Probe: the object is now cached in slices; look it up again. */
    record Sliced() implements Outcome {}

    /** Probe: the object is stored whole after all, by this fill; wait on it. */
    record Adopted(Fill fill) implements Outcome {}

    /** The response may not be shared: fetch for yourself. */
    record NotStorable(String why) implements Outcome {}

    /** No usable response (or the object changed at the origin). */
    record Failed(EdgeError error) implements Outcome {}

    /** What this fill would fetch appeared in the store meanwhile: look it up again. */
    record LookAgain() implements Outcome {}
  }

  /**
   * A waiter; a probe's waiters also say how to wait on a whole-object {@link Fill} if the probe
   * turns into one ({@code onFill}, {@code takeOver}; null for slice waiters).
   */
  private record Waiter(EventLoop loop, Consumer<Outcome> callback, Consumer<Fill.Outcome> onFill,
      Fill.TakeOver takeOver) {}

  private final EdgeRuntime rt;
  private final EdgeCache cache;
  private final CacheKey key;
  private final CacheRules rules;
  private final HttpFields requestHeaders;
  private final OriginGroup group;
  private final OriginRequest request;
  private final long sliceSize;
  private final long threshold;
  private final long maxObjectSize;
  private final long first;
  private final long last;
  private final StoredObjects.Sliced known;

  /** Waiters per slice index; index -1 is the probe's (the object's) waiters. */
  private final Map<Long, List<Waiter>> waiters = new HashMap<>();
  private final Map<Long, Outcome> settled = new HashMap<>();

  private OriginStream fetch;
  private StoredObjects.Sliced object;
  private long total;
  // Writing: only on the blocking executor, one batch at a time.
  private ObjectWriter writer;
  private long writerSlice = -1;
  private long writerRemaining;
  private List<ByteBuf> batch = new ArrayList<>();
  private boolean appending;
  private boolean ended;
  private boolean failed;

  /**
   * @param first the first byte asked for (a slice start)
   * @param last the last byte asked for, inclusive
   * @param known the object's marker, or null for a probe
   */
  SliceFill(EdgeRuntime rt, EdgeCache cache, CacheKey key, CacheRules rules, HttpFields requestHeaders,
      OriginGroup group, OriginRequest request, long sliceSize, long threshold, long maxObjectSize, long first,
      long last, StoredObjects.Sliced known) {
    this.rt = rt;
    this.cache = cache;
    this.key = key;
    this.rules = rules;
    this.requestHeaders = requestHeaders;
    this.group = group;
    this.sliceSize = sliceSize;
    this.threshold = threshold;
    this.maxObjectSize = maxObjectSize;
    this.first = first;
    this.last = last;
    this.known = known;
    this.object = known;
    this.total = known == null ? -1 : known.total();
    HttpFields.Builder h = request.headers().toBuilder().set("Range", "bytes=" + first + "-" + last);
    if (known != null) {
      h.set("If-Range", known.etag());
    }
    this.request = request.withHeaders(h.build());
  }

  /** Slice keys this fill will write, so the edge can collapse requests for them onto it. */
  List<String> sliceKeys() {
    List<String> out = new ArrayList<>();
    for (long i = first / sliceSize; i <= last / sliceSize; i++) {
      out.add(key.value() + "#" + i);
    }
    return out;
  }

  /**
   * Starts unless what it would fetch appeared in the store since the caller's lookup (a fill that
   * got its writer open in between): then every waiter looks it up again.
   */
  void startAfterMiss(EventLoop loop) {
    if (known == null) {
      // A probe made when another probe of this key had just become a whole-object fill (a small
      // object): that fill leaves the slice map before its writer is open in the store, so this
      // probe's request could find neither. The fill is looked for first, then the store: a fill
      // leaves the fill map only once its writer is open (or it failed).
      Fill adopted = cache.pendingFill(key.value());
      if (adopted != null) {
        if (rt.metrics() != null) {
          rt.metrics().collapsed();
        }
        settleAll(new Outcome.Adopted(adopted));
        return;
      }
    }
    String probeKey = known == null ? key.value() : known.sliceKey(key.value(), first / sliceSize);
    cache.blocking().execute(() -> {
      boolean there = false;
      try {
        Optional<dev.streamedge.store.ObjectReader> r = cache.store().lookup(probeKey);
        if (r.isPresent()) {
          // A Vary marker is not the object (the probe fetches a variant).
          there = r.get().state() != dev.streamedge.store.ObjectState.ABORTED
              && StoredObjects.varyOf(r.get().meta()) == null
              && (known == null || known.etag().equals(r.get().meta().etag()));
          r.get().close();
        }
      } catch (RuntimeException e) {
        there = false;
      }
      boolean found = there;
      loop.execute(() -> {
        if (found) {
          settleAll(new Outcome.LookAgain());
        } else {
          start(loop);
        }
      });
    });
  }

  void start(EventLoop loop) {
    GroupFetch g = new GroupFetch(rt, rt.fillTarget(group, key.value(), first / sliceSize), request, loop, null,
        false, 0, this);
    fetch = g;
    g.start();
  }

  /** Waits for slice {@code index}. */
  void await(long index, EventLoop loop, Consumer<Outcome> callback) {
    await(index, loop, callback, null, null);
  }

  /**
   * Waits for the probe's verdict on the object; if it becomes an ordinary fill, the waiter waits on
   * that fill with {@code onFill} and may take its response over with {@code takeOver}.
   */
  void awaitProbe(EventLoop loop, Consumer<Outcome> callback, Consumer<Fill.Outcome> onFill, Fill.TakeOver takeOver) {
    await(-1, loop, callback, onFill, takeOver);
  }

  private void await(long index, EventLoop loop, Consumer<Outcome> callback, Consumer<Fill.Outcome> onFill,
      Fill.TakeOver takeOver) {
    Outcome o;
    synchronized (this) {
      o = settled.get(index);
      if (o == null && failed) {
        o = settled.get(-2L);
      }
      if (o == null) {
        waiters.computeIfAbsent(index, k -> new ArrayList<>()).add(new Waiter(loop, callback, onFill, takeOver));
        return;
      }
    }
    Outcome known = o;
    loop.execute(() -> callback.accept(known));
  }

  private void settle(long index, Outcome o) {
    List<Waiter> ws;
    synchronized (this) {
      if (settled.containsKey(index)) {
        return;
      }
      settled.put(index, o);
      ws = waiters.remove(index);
    }
    if (ws != null) {
      ws.forEach(w -> w.loop.execute(() -> w.callback.accept(o)));
    }
  }

  /** Settles every slice not settled yet, and the probe's waiters, with {@code o}. */
  private void settleAll(Outcome o) {
    List<Waiter> ws = new ArrayList<>();
    synchronized (this) {
      failed = true;
      settled.putIfAbsent(-2L, o);
      for (Map.Entry<Long, List<Waiter>> e : waiters.entrySet()) {
        settled.putIfAbsent(e.getKey(), o);
        ws.addAll(e.getValue());
      }
      waiters.clear();
    }
    for (String k : sliceKeys()) {
      cache.sliceSettled(k, this);
    }
    cache.sliceSettled(key.value(), this);
    ws.forEach(w -> w.loop.execute(() -> w.callback.accept(o)));
  }

  // ---- the origin's answer --------------------------------------------------------------------

  @Override
  public void onHead(OriginStream f, int status, String reason, HttpFields headers) {
    Optional<ContentRange> cr = ContentRange.parse(headers.get("Content-Range"));
    boolean partial = status == 206 && cr.isPresent() && !cr.get().isUnsatisfied() && cr.get().completeLength() >= 0;
    if (known != null) {
      boolean same = partial && cr.get().first() == first && cr.get().last() == last
          && cr.get().completeLength() == known.total() && known.etag().equals(headers.get("ETag"));
      if (!same) {
        f.cancel();
        String why = "the object changed at origin '" + f.origin().id() + "' (" + status + ", ETag "
            + headers.get("ETag") + " instead of " + known.etag() + "): not splicing two versions";
        log.warn("{}: {}", key, why);
        String prefix = CacheKey.urlPrefix(key.urlPart());
        cache.blocking().execute(() -> cache.purgePrefix(prefix));
        settleAll(new Outcome.Failed(EdgeError.originBroken(f.origin().id(), "the object changed during the download")));
        return;
      }
      startWriting(f, first / sliceSize);
      return;
    }
    long completeLength = partial ? cr.get().completeLength() : -1;
    if (partial && maxObjectSize > 0 && completeLength > maxObjectSize) {
      f.cancel();
      settleAll(new Outcome.Failed(new EdgeError(502, "the object is " + completeLength
          + " bytes, larger than this path's maxObjectSize of " + maxObjectSize)));
      return;
    }
    if (!partial || (completeLength <= threshold && cr.get().first() == 0 && cr.get().last() == completeLength - 1)) {
      // Small, or the origin ignored the range, or an error: an ordinary whole-object fill takes over.
      int s = status;
      String rsn = reason;
      HttpFields h = headers;
      if (partial) {
        s = 200;
        rsn = "OK";
        h = headers.without("Content-Range").with("Content-Length", Long.toString(completeLength));
      }
      Fill fill = new Fill(rt, cache, key, rules, requestHeaders, group, request, null, null, -1, maxObjectSize);
      cache.adopt(key.value(), fill);
      // The probe's waiters become the fill's before it sees the head, so one of them can take an
      // unshareable response over instead of asking the origin again.
      List<Waiter> probeWaiters;
      synchronized (this) {
        probeWaiters = waiters.remove(-1L);
        settled.put(-1L, new Outcome.Adopted(fill));
      }
      if (probeWaiters != null) {
        for (Waiter w : probeWaiters) {
          fill.await(w.loop, w.onFill, w.takeOver);
        }
      }
      settleAll(new Outcome.Adopted(fill));
      fill.adopt(f, s, rsn, h);
      return;
    }
    // A part of a larger object: keep it in slices, if it may be stored and has a strong validator.
    HttpFields whole = headers.without("Content-Range").with("Content-Length", Long.toString(completeLength));
    Instant requestTime = Instant.ofEpochMilli(f.requestSentAtMillis());
    StorageDecision d = rules.storage("GET", requestHeaders, 200, whole, requestTime, rt.clock().instant());
    Optional<EntityTag> tag = EntityTag.parse(headers.get("ETag"));
    if (d instanceof StorageDecision.DoNotStore || tag.isEmpty() || tag.get().weak()) {
      f.cancel();
      cache.markPass(key.value());
      settleAll(new Outcome.NotStorable(d instanceof StorageDecision.DoNotStore no
          ? no.reason().description() : "no strong ETag: slices of it could not be told apart from another version's"));
      return;
    }
    StoredResponse sr = ((StorageDecision.Store) d).response();
    total = completeLength;
    object = new StoredObjects.Sliced(sr, total, sliceSize, headers.get("ETag"));
    long firstSlice = cr.get().first() / sliceSize;
    cache.blocking().execute(() -> {
      boolean ok = true;
      try (ObjectWriter marker = cache.store().openWriter(key.value(), StoredObjects.slicedMarker(sr, total, sliceSize))) {
        marker.commit();
      } catch (RuntimeException e) {
        ok = false;
        log.warn("{}: cannot store the sliced object's marker: {}", key, e.toString());
      }
      boolean stored = ok;
      f.loop().execute(() -> {
        if (!stored) {
          f.cancel();
          settleAll(new Outcome.NotStorable("the store refused the object"));
          return;
        }
        startWriting(f, firstSlice);
        settle(-1, new Outcome.Sliced());
        cache.sliceSettled(key.value(), this);
      });
    });
  }

  /** Opens the writer of slice {@code index} (on the blocking executor), then reads on. */
  private void startWriting(OriginStream f, long index) {
    appending = true;
    cache.blocking().execute(() -> {
      boolean ok = openSliceWriter(index);
      f.loop().execute(() -> {
        appending = false;
        if (!ok) {
          f.cancel();
          settleAll(new Outcome.Failed(EdgeError.originBroken(f.origin().id(), "the store refused a slice")));
          return;
        }
        if (ended || !batch.isEmpty()) {
          storeBatch();
        } else {
          f.read();
        }
      });
    });
  }

  /** Blocking: opens slice {@code index}'s writer and tells its waiters. */
  private boolean openSliceWriter(long index) {
    long start = index * sliceSize;
    long length = Math.min(sliceSize, total - start);
    try {
      writer = cache.store().openWriter(object.sliceKey(key.value(), index), StoredObjects.sliceMeta(object.etag(), length));
    } catch (RuntimeException e) {
      log.warn("{}: cannot store slice {}: {}", key, index, e.toString());
      return false;
    }
    writerSlice = index;
    writerRemaining = length;
    settle(index, new Outcome.Slice(writer));
    return true;
  }

  @Override
  public void onContent(OriginStream f, ByteBuf content, boolean isLast) {
    if (failed) {
      content.release();
      return;
    }
    batch.add(content);
    if (isLast) {
      ended = true;
      if (!appending && writer != null) {
        storeBatch();
      }
    }
  }

  @Override
  public void onReadComplete(OriginStream f) {
    if (!appending && writer != null && !failed) {
      storeBatch();
    }
  }

  private void storeBatch() {
    if (batch.isEmpty() && !ended) {
      fetch.read();
      return;
    }
    List<ByteBuf> bufs = batch;
    batch = new ArrayList<>();
    boolean lastBatch = ended;
    appending = true;
    cache.blocking().execute(() -> {
      String error = null;
      try {
        for (ByteBuf b : bufs) {
          while (b.isReadable()) {
            if (writerRemaining == 0) {
              error = "the origin sent more than the range it was asked for";
              break;
            }
            int n = (int) Math.min(b.readableBytes(), writerRemaining);
            writer.append(b.nioBuffer(b.readerIndex(), n));
            b.skipBytes(n);
            writerRemaining -= n;
            if (writerRemaining == 0) {
              writer.commit();
              cache.sliceSettled(object.sliceKey(key.value(), writerSlice), this);
              long next = writerSlice + 1;
              if (next * sliceSize <= last && next * sliceSize < total && !openSliceWriter(next)) {
                error = "the store refused a slice";
                break;
              }
            }
          }
          if (error != null) {
            break;
          }
        }
        if (error == null && lastBatch && writerRemaining != 0) {
          error = "the origin's range ended " + writerRemaining + " bytes short";
        }
      } catch (RuntimeException e) {
        error = e.toString();
      } finally {
        bufs.forEach(ByteBuf::release);
      }
      if (error != null && writer != null) {
        writer.abort();
      }
      String problem = error;
      fetch.loop().execute(() -> stored(problem, lastBatch));
    });
  }

  private void stored(String error, boolean lastBatch) {
    appending = false;
    if (error != null) {
      log.warn("{}: slice fill failed: {}", key, error);
      fetch.cancel();
      settleAll(new Outcome.Failed(EdgeError.originBroken(fetch.origin().id(), error)));
      return;
    }
    if (lastBatch) {
      return;
    }
    switch (AfterBatch.next(ended, fetch.done(), batch.isEmpty())) {
      case STORE -> storeBatch();
      case ORIGIN_FAILED -> failWriting("origin failed mid-slice");
      case READ -> fetch.read();
    }
  }

  @Override
  public void onFailure(OriginStream f, EdgeError beforeHead, String why) {
    batch.forEach(ByteBuf::release);
    batch.clear();
    if (beforeHead != null) {
      settleAll(new Outcome.Failed(beforeHead));
      return;
    }
    if (!appending) {
      failWriting(why);
    }
  }

  private void failWriting(String why) {
    log.warn("{}: slice fill from origin failed: {}", key, why);
    ObjectWriter w = writer;
    if (w != null) {
      cache.blocking().execute(w::abort);
    }
    settleAll(new Outcome.Failed(EdgeError.originBroken(fetch.origin().id(), why)));
  }
}
