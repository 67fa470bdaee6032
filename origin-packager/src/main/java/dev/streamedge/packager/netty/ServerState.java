package dev.streamedge.packager.netty;

import dev.streamedge.packager.http.Request;
import dev.streamedge.packager.http.Response;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** What every connection handler shares: the application, the worker pool, and the drain state. */
final class ServerState {
  private final Function<Request, Response> app;
  private final Executor worker;
  private final Clock clock;
  private final String serverName;
  private final boolean zeroCopy;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();

  ServerState(Function<Request, Response> app, Executor worker, Clock clock, String serverName, boolean zeroCopy) {
    this.app = app;
    this.worker = worker;
    this.clock = clock;
    this.serverName = serverName;
    this.zeroCopy = zeroCopy;
  }

  Function<Request, Response> app() {
    return app;
  }

  Executor worker() {
    return worker;
  }

  Clock clock() {
    return clock;
  }

  String serverName() {
    return serverName;
  }

  boolean zeroCopy() {
    return zeroCopy;
  }

  void requestStarted() {
    inFlight.incrementAndGet();
  }

  void requestDone() {
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }

  boolean closing() {
    return closing.get();
  }

  void startClosing() {
    closing.set(true);
  }
}
