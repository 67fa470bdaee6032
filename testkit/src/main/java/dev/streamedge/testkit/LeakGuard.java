package dev.streamedge.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Turns Netty's leak reports into test failures.
 *
 * <p>Netty only logs a leak, when a tracked buffer is garbage collected unreleased and a later
 * allocation polls the reference queue. This guard installs a detector factory whose detectors
 * record every report; {@link LeakCheckExtension} flushes and checks after each test class, so a
 * leak fails the class that caused it (and therefore the build). Installed by
 * {@link LeakGuardSessionListener} before any test runs, which is before any buffer exists.
 */
public final class LeakGuard {
  private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();
  private static volatile boolean installed;

  private LeakGuard() {}

  /** Installs the recording detector factory once; later calls do nothing. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    installed = true;
  }

  /** Encourages pending reports out: collect garbage, then allocate so detectors poll their queues. */
  public static void flush() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      System.runFinalization();
      for (int i = 0; i < 64; i++) {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        pooled.release();
        ByteBuf heap = Unpooled.buffer(16);
        heap.release();
      }
    }
  }

  /** Returns and clears the reports recorded so far. */
  public static List<String> drain() {
    List<String> out = new ArrayList<>();
    for (String s; (s = LEAKS.poll()) != null; ) {
      out.add(s);
    }
    return out;
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
      detector.setLeakListener(
          (resourceType, records) -> LEAKS.add("LEAK of " + resourceType + ":\n" + records));
      return detector;
    }
  }
}
