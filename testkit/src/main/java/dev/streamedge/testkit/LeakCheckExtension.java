package dev.streamedge.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test
 * class through JUnit's extension auto-detection (enabled in the parent pom).
 */
public final class LeakCheckExtension implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    if (!Boolean.parseBoolean(System.getProperty("streamedge.leaks.fail", "true"))) {
      return;
    }
    LeakGuard.flush();
    List<String> leaks = LeakGuard.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size() + " Netty buffer leak(s) reported during " + context.getDisplayName()
              + ":\n" + String.join("\n", leaks));
    }
  }
}
