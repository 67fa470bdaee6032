package dev.streamedge.perf.bench.load;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A body subscriber that discards the bytes and completes with their count. */
final class CountingBody implements BodySubscriber<Long> {
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private long bytes;

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      bytes += b.remaining();
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(bytes);
  }
}
