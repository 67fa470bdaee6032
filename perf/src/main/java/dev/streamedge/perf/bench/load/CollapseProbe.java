package dev.streamedge.perf.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cold collapse: {@code clients} concurrent GETs of one uncached object, each on its own
 * connection (HTTP/1.1), all sent at once. Reports when the last body was complete.
 */
public final class CollapseProbe {
  /**
   * @param lastByteSeconds from sending the requests to the last byte of the last response
   * @param ok responses with status 200 and the expected length
   */
  public record Result(double lastByteSeconds, int ok, int failed) {}

  private CollapseProbe() {}

  public static Result run(URI url, int clients, long expectedBytes, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    AtomicLong lastDone = new AtomicLong();
    AtomicInteger ok = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(clients);
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      all.add(client.sendAsync(request, info -> new CountingBody()).whenComplete((r, e) -> {
        lastDone.accumulateAndGet(System.nanoTime(), Math::max);
        if (e == null && r.statusCode() == 200 && r.body() == expectedBytes) {
          ok.incrementAndGet();
        }
      }));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // counted below as failures
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Result((lastDone.get() - start) / 1e9, ok.get(), clients - ok.get());
  }

  /** A single request to {@code url}: seconds to its last byte (the origin's own time). */
  public static double timeOne(URI url, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    try {
      HttpResponse<Long> r = client.send(HttpRequest.newBuilder(url).timeout(timeout).build(), info -> new CountingBody());
      if (r.statusCode() != 200) {
        return Double.NaN;
      }
    } catch (java.io.IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
