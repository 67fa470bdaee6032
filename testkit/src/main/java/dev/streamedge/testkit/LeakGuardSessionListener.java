package dev.streamedge.testkit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Installs {@link LeakGuard} when the JUnit session opens, before any test allocates a buffer. */
public final class LeakGuardSessionListener implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    LeakGuard.install();
  }
}
