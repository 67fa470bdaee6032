package dev.streamedge.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The command line's default for Netty's leak detection; the suite's own level is put back after each test. */
@ResourceLock("netty-leak-detection-level")
class EdgeCliLeakDetectionTest {
  private ResourceLeakDetector.Level suiteLevel;
  private String property;
  private String legacyProperty;

  @BeforeEach
  void remember() {
    suiteLevel = ResourceLeakDetector.getLevel();
    property = System.getProperty(EdgeCli.LEAK_DETECTION_PROPERTY);
    legacyProperty = System.getProperty(EdgeCli.LEGACY_LEAK_DETECTION_PROPERTY);
  }

  @AfterEach
  void restore() {
    restore(EdgeCli.LEAK_DETECTION_PROPERTY, property);
    restore(EdgeCli.LEGACY_LEAK_DETECTION_PROPERTY, legacyProperty);
    ResourceLeakDetector.setLevel(suiteLevel);
  }

  @Test
  void aServerStartedWithoutTheSettingRunsWithoutLeakDetection() {
    System.clearProperty(EdgeCli.LEAK_DETECTION_PROPERTY);
    System.clearProperty(EdgeCli.LEGACY_LEAK_DETECTION_PROPERTY);
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);

    EdgeCli.leakDetectionOffUnlessAsked();

    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
  }

  @Test
  void anExplicitLevelIsKeptUnderEitherPropertyName() {
    for (String name : new String[] {EdgeCli.LEAK_DETECTION_PROPERTY, EdgeCli.LEGACY_LEAK_DETECTION_PROPERTY}) {
      System.clearProperty(EdgeCli.LEAK_DETECTION_PROPERTY);
      System.clearProperty(EdgeCli.LEGACY_LEAK_DETECTION_PROPERTY);
      System.setProperty(name, "simple");
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);

      EdgeCli.leakDetectionOffUnlessAsked();

      assertThat(ResourceLeakDetector.getLevel()).as(name).isEqualTo(ResourceLeakDetector.Level.SIMPLE);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
