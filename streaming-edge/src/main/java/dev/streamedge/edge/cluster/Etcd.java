package dev.streamedge.edge.cluster;

import dev.streamedge.edge.cluster.SyncState.Kv;
import dev.streamedge.edge.cluster.SyncState.Snapshot;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The few etcd calls the cluster makes, each bounded by a timeout, over jetcd. jetcd's retries are
 * off and calls fail fast while disconnected ({@code waitForReady(false)}): the callers own every
 * retry, so that an outage is visible to them instead of being hidden in a client loop (jetcd's
 * own watch resume lost updates across compaction and wipes when it was measured).
 */
final class Etcd implements AutoCloseable {
  /** The outcome of a create-if-absent: whether this call created it, and the value now stored. */
  record Created(boolean created, String value, long modRevision, long revision) {}

  /** A watch's callbacks; both are called on jetcd's threads. */
  interface WatchSink {
    void response(long clusterId, long headerRevision, boolean progress, List<Kv> events);

    void error(Throwable t);
  }

  private static final int PAGE = 1000;

  /** gRPC logs through java.util.logging (an INFO line on stderr per client); only its warnings matter. */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");

  static {
    GRPC_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final List<URI> endpoints;
  private final Duration timeout;
  private volatile Client client;
  private volatile boolean closed;

  Etcd(List<URI> endpoints, Duration timeout) {
    this.endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client = newClient();
  }

  private Client newClient() {
    return Client.builder().endpoints(endpoints.toArray(URI[]::new))
        .connectTimeout(timeout)
        .waitForReady(false)
        .retryMaxAttempts(0)
        // gRPC's minimum: a dead connection is noticed after about 13 s; the progress heartbeat is faster.
        .keepaliveTime(Duration.ofSeconds(10)).keepaliveTimeout(Duration.ofSeconds(3)).keepaliveWithoutCalls(true)
        .build();
  }

  /**
   * Replaces the client with a fresh one. After a failure gRPC backs off reconnecting exponentially
   * (1 s, 1.6 s, 2.6 s, ... up to 2 min) and jetcd does not expose the channel to cut that short;
   * a new channel connects at once, so an edge converges within its own retry interval after etcd
   * comes back. Calls in flight on the old client fail (their callers retry).
   */
  synchronized void reconnect() {
    if (closed) {
      return;
    }
    Client old = client;
    client = newClient();
    old.close();
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static String text(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  private <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new EtcdUnavailable(what + ": no answer from etcd within " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw new EtcdUnavailable(what + ": " + c.getMessage(), c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new EtcdUnavailable(what + ": interrupted", e);
    }
  }

  /** Everything under {@code prefix} at one revision (paged; later pages read at the first page's revision). */
  Snapshot readPrefix(String prefix) {
    ByteSequence end = prefixEnd(prefix);
    List<Kv> kvs = new ArrayList<>();
    long revision = 0;
    long clusterId = 0;
    ByteSequence from = bytes(prefix);
    while (true) {
      GetOption.Builder o = GetOption.builder().withRange(end).withLimit(PAGE)
          .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND);
      if (revision != 0) {
        o.withRevision(revision);
      }
      GetResponse r = await(client.getKVClient().get(from, o.build()), "read " + prefix);
      if (revision == 0) {
        revision = r.getHeader().getRevision();
        clusterId = r.getHeader().getClusterId();
      }
      for (KeyValue kv : r.getKvs()) {
        kvs.add(new Kv(text(kv.getKey()), text(kv.getValue()), kv.getModRevision()));
      }
      if (!r.isMore() || r.getKvs().isEmpty()) {
        return new Snapshot(clusterId, revision, kvs);
      }
      // the next page starts just after the last key
      from = bytes(text(r.getKvs().get(r.getKvs().size() - 1).getKey()) + "\0");
    }
  }

  Optional<Kv> get(String key) {
    GetResponse r = await(client.getKVClient().get(bytes(key)), "get " + key);
    return r.getKvs().isEmpty() ? Optional.empty()
        : Optional.of(new Kv(key, text(r.getKvs().get(0).getValue()), r.getKvs().get(0).getModRevision()));
  }

  /** The values under {@code prefix}, newest modification first, at most {@code limit}. */
  List<Kv> newest(String prefix, int limit) {
    GetOption o = GetOption.builder().isPrefix(true).withLimit(limit)
        .withSortField(GetOption.SortTarget.MOD).withSortOrder(GetOption.SortOrder.DESCEND).build();
    GetResponse r = await(client.getKVClient().get(bytes(prefix), o), "read " + prefix);
    List<Kv> out = new ArrayList<>();
    r.getKvs().forEach(kv -> out.add(new Kv(text(kv.getKey()), text(kv.getValue()), kv.getModRevision())));
    return out;
  }

  /** One key and two prefixes, read at the same revision (a transaction of reads). */
  List<List<Kv>> readTogether(String key, String prefixA, String prefixB) {
    TxnResponse r = await(client.getKVClient().txn()
        .Then(Op.get(bytes(key), GetOption.DEFAULT),
            Op.get(bytes(prefixA), GetOption.builder().isPrefix(true).build()),
            Op.get(bytes(prefixB), GetOption.builder().isPrefix(true).build()))
        .commit(), "read " + key);
    List<List<Kv>> out = new ArrayList<>();
    for (GetResponse g : r.getGetResponses()) {
      List<Kv> kvs = new ArrayList<>();
      g.getKvs().forEach(kv -> kvs.add(new Kv(text(kv.getKey()), text(kv.getValue()), kv.getModRevision())));
      out.add(kvs);
    }
    return out;
  }

  /** Puts a value; returns the revision it was written at. */
  long put(String key, String value) {
    return await(client.getKVClient().put(bytes(key), bytes(value)), "put " + key).getHeader().getRevision();
  }

  long put(String key, String value, long lease) {
    return await(client.getKVClient().put(bytes(key), bytes(value), PutOption.builder().withLeaseId(lease).build()),
        "put " + key).getHeader().getRevision();
  }

  long delete(String key) {
    return await(client.getKVClient().delete(bytes(key)), "delete " + key).getHeader().getRevision();
  }

  /** Writes {@code value} only if {@code key} does not exist; otherwise returns what is there. */
  Created createIfAbsent(String key, String value) {
    TxnResponse r = await(client.getKVClient().txn()
        .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(bytes(key), bytes(value), PutOption.DEFAULT))
        .Else(Op.get(bytes(key), GetOption.DEFAULT))
        .commit(), "create " + key);
    long revision = r.getHeader().getRevision();
    if (r.isSucceeded()) {
      return new Created(true, value, revision, revision);
    }
    KeyValue kv = r.getGetResponses().get(0).getKvs().get(0);
    return new Created(false, text(kv.getValue()), kv.getModRevision(), revision);
  }

  long grant(long ttlSeconds) {
    return await(client.getLeaseClient().grant(ttlSeconds), "lease grant").getID();
  }

  /**
   * One keepalive; true while the lease exists, false once etcd has forgotten it (expired during an
   * outage, or etcd was wiped).
   *
   * @throws EtcdUnavailable when etcd cannot be reached
   */
  boolean keepAlive(long lease) {
    try {
      return await(client.getLeaseClient().keepAliveOnce(lease), "lease keepalive").getTTL() > 0;
    } catch (EtcdUnavailable e) {
      if (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("lease not found")) {
        return false;
      }
      throw e;
    }
  }

  void revoke(long lease) {
    await(client.getLeaseClient().revoke(lease), "lease revoke");
  }

  void compact(long revision) {
    await(client.getKVClient().compact(revision), "compact");
  }

  /** Watches {@code prefix} from {@code fromRevision}, leader required (a partitioned member cancels it). */
  Watch.Watcher watch(String prefix, long fromRevision, WatchSink sink) {
    WatchOption o = WatchOption.builder().withPrefix(bytes(prefix)).withRevision(fromRevision)
        .withProgressNotify(true).withRequireLeader(true).build();
    Consumer<WatchResponse> next = r -> {
      List<Kv> events = new ArrayList<>(r.getEvents().size());
      for (WatchEvent e : r.getEvents()) {
        KeyValue kv = e.getKeyValue();
        boolean delete = e.getEventType() == WatchEvent.EventType.DELETE;
        events.add(new Kv(text(kv.getKey()), delete ? null : text(kv.getValue()), kv.getModRevision()));
      }
      sink.response(r.getHeader().getClusterId(), r.getHeader().getRevision(), r.isProgressNotify(), events);
    };
    return client.getWatchClient().watch(bytes(prefix), o, Watch.listener(next, sink::error));
  }

  private static ByteSequence prefixEnd(String prefix) {
    byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] end = java.util.Arrays.copyOf(b, b.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return ByteSequence.from(java.util.Arrays.copyOf(end, i + 1));
      }
    }
    return ByteSequence.from(new byte[] {0});
  }

  @Override
  public synchronized void close() {
    closed = true;
    client.close();
  }
}
