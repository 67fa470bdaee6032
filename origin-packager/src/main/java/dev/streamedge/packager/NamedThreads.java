package dev.streamedge.packager;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named {@code prefix-N}, so thread dumps and logs say what each thread is for. */
final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final int priority;
  private final AtomicInteger next = new AtomicInteger(1);

  NamedThreads(String prefix, int priority) {
    this.prefix = prefix;
    this.priority = priority;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    t.setPriority(priority);
    return t;
  }
}
