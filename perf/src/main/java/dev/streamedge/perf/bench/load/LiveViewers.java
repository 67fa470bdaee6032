package dev.streamedge.perf.bench.load;

import dev.streamedge.perf.bench.origin.LiveTimeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated live viewers, as an HLS player behaves: each polls the media playlist every {@code
 * pollInterval} (half a target duration, RFC 8216 §6.3.4 when the playlist did not change), joins
 * at the newest segment, then downloads every new segment in order. Viewers start at random phases
 * within one interval, as real audiences do. Measures each segment's time to first byte (request
 * sent → response head received) over asynchronous HTTP/1.1 connections (JDK HttpClient).
 */
public final class LiveViewers {
  /**
   * @param segments segment downloads completed with status 200
   * @param failures requests that failed or got an unexpected status
   */
  public record Result(int viewers, long segments, long playlists, long failures, double p50TtfbMillis,
      double p99TtfbMillis) {}

  private final int viewers;
  private final Duration pollInterval;
  private final Duration runFor;

  public LiveViewers(int viewers, Duration pollInterval, Duration runFor) {
    if (viewers < 1) {
      throw new IllegalArgumentException("viewers must be >= 1");
    }
    this.viewers = viewers;
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.runFor = Objects.requireNonNull(runFor, "runFor");
  }

  public Result run(URI playlist) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "live-viewers");
      t.setDaemon(true);
      return t;
    });
    LatencySamples ttfb = new LatencySamples();
    AtomicLong segments = new AtomicLong();
    AtomicLong playlists = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(viewers);
    long start = System.nanoTime();
    long end = start + runFor.toNanos();
    SplittableRandom random = new SplittableRandom(1);
    List<Viewer> all = new ArrayList<>(viewers);
    for (int i = 0; i < viewers; i++) {
      all.add(new Viewer(client, ticks, playlist, start + random.nextLong(pollInterval.toNanos()), end,
          ttfb, segments, playlists, failures, finished));
    }
    all.forEach(Viewer::schedule);
    boolean done = finished.await(runFor.toSeconds() + 60, TimeUnit.SECONDS);
    ticks.shutdownNow();
    if (!done) {
      failures.addAndGet(finished.getCount());
    }
    return new Result(viewers, segments.get(), playlists.get(), failures.get(), ttfb.percentileMillis(50),
        ttfb.percentileMillis(99));
  }

  private final class Viewer {
    private final HttpClient client;
    private final ScheduledExecutorService ticks;
    private final URI playlist;
    private final long end;
    private final LatencySamples ttfb;
    private final AtomicLong segments;
    private final AtomicLong playlists;
    private final AtomicLong failures;
    private final CountDownLatch finished;
    private long nextTick;
    private long lastSegment = -1;

    Viewer(HttpClient client, ScheduledExecutorService ticks, URI playlist, long firstTick, long end,
        LatencySamples ttfb, AtomicLong segments, AtomicLong playlists, AtomicLong failures,
        CountDownLatch finished) {
      this.client = client;
      this.ticks = ticks;
      this.playlist = playlist;
      this.nextTick = firstTick;
      this.end = end;
      this.ttfb = ttfb;
      this.segments = segments;
      this.playlists = playlists;
      this.failures = failures;
      this.finished = finished;
    }

    void schedule() {
      long now = System.nanoTime();
      while (nextTick < now) { // a slow round skips ticks, like a player that fell behind
        nextTick += pollInterval.toNanos();
      }
      if (nextTick >= end) {
        finished.countDown();
        return;
      }
      ticks.schedule(this::poll, nextTick - now, TimeUnit.NANOSECONDS);
      nextTick += pollInterval.toNanos();
    }

    private void poll() {
      client.sendAsync(HttpRequest.newBuilder(playlist).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString())
          .thenCompose(r -> {
            playlists.incrementAndGet();
            if (r.statusCode() != 200) {
              failures.incrementAndGet();
              return CompletableFuture.completedFuture(null);
            }
            return fetchNew(newSegments(r.body()), 0);
          })
          .whenComplete((v, e) -> {
            if (e != null) {
              failures.incrementAndGet();
            }
            schedule();
          });
    }

    private List<Long> newSegments(String body) {
      List<Long> listed = new ArrayList<>();
      for (String line : body.split("\n")) {
        long n = LiveTimeline.segmentNumber(line.strip());
        if (n >= 0) {
          listed.add(n);
        }
      }
      if (listed.isEmpty()) {
        return listed;
      }
      if (lastSegment < 0) { // join at the live edge
        return List.of(listed.get(listed.size() - 1));
      }
      listed.removeIf(n -> n <= lastSegment);
      return listed;
    }

    private CompletableFuture<Void> fetchNew(List<Long> numbers, int i) {
      if (i >= numbers.size()) {
        return CompletableFuture.completedFuture(null);
      }
      long n = numbers.get(i);
      URI uri = playlist.resolve(LiveTimeline.segmentName(n));
      long sent = System.nanoTime();
      return client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), info -> {
        if (info.statusCode() == 200) {
          ttfb.add(System.nanoTime() - sent);
        }
        return new CountingBody();
      }).thenCompose(r -> {
        if (r.statusCode() == 200) {
          segments.incrementAndGet();
        } else {
          failures.incrementAndGet();
        }
        lastSegment = Math.max(lastSegment, n);
        return fetchNew(numbers, i + 1);
      });
    }
  }
}
