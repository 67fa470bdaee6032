package dev.streamedge.edge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamedge.edge.cli.ConfigCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code streamedge config ...} against a real etcd. */
class ConfigCommandIT {
  @TempDir
  Path dir;
  private EtcdProcess etcd;
  private ClusterClient client;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    etcd = EtcdProcess.start(dir);
    client = ClusterClient.connect(etcd.endpoints(), "prod", Duration.ofSeconds(2), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    etcd.close();
  }

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ConfigCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void pushValidatesThenStores() throws Exception {
    Path good = Files.writeString(dir.resolve("dist.yaml"), SyncStateTest.dist("http://127.0.0.1:9001"));
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "distribution:\n  origins: [ { id: o, url: ftp://x } ]\n"
        + "  defaultCacheBehavior: { targetOriginId: o }\n");
    Path edgeToo = Files.writeString(dir.resolve("edge.yaml"), "edge: { name: e }\n" + SyncStateTest.dist("http://127.0.0.1:1"));

    assertThat(run("push", bad.toString(), "--etcd", etcd.endpoint().toString(), "--cluster", "prod")).isEqualTo(2);
    assertThat(err.toString()).contains("distribution.origins[0].url").contains("nothing was pushed");
    assertThat(client.distribution()).isEmpty();
    assertThat(run("push", edgeToo.toString(), "--etcd", etcd.endpoint().toString(), "--cluster", "prod")).isEqualTo(2);
    assertThat(err.toString()).contains("'edge' settings are per node");

    assertThat(run("push", good.toString(), "--etcd", etcd.endpoint().toString(), "--cluster", "prod")).isEqualTo(0);
    assertThat(out.toString()).contains("pushed").contains("cluster 'prod' at revision");
    assertThat(client.distribution().orElseThrow().text()).isEqualTo(Files.readString(good));
    assertThat(run("show", "--etcd", etcd.endpoint().toString(), "--cluster", "prod")).isEqualTo(0);
    assertThat(out.toString()).contains("http://127.0.0.1:9001");
    assertThat(run("check", good.toString())).isEqualTo(0);
  }

  @Test
  void invalidateIsIdempotentByCallerReference() {
    String[] base = {"--etcd", etcd.endpoint().toString(), "--cluster", "prod"};
    assertThat(run(concat(new String[] {"invalidate", "/videos/*", "--caller-reference", "r1", "--wait", "5s"}, base))).isEqualTo(0);
    assertThat(out.toString()).contains(" created at revision").contains("Completed");
    assertThat(run(concat(new String[] {"invalidate", "/videos/*", "--caller-reference", "r1"}, base))).isEqualTo(0);
    assertThat(out.toString()).contains("already existed");
    assertThat(run(concat(new String[] {"invalidate", "/other", "--caller-reference", "r1"}, base))).isEqualTo(2);
    assertThat(run(concat(new String[] {"invalidate", "videos"}, base))).isEqualTo(2);
    assertThat(err.toString()).contains("videos");
    assertThat(client.invalidations().newest(10)).hasSize(1);
    assertThat(run(concat(new String[] {"members"}, base))).isEqualTo(0);
  }

  @Test
  void anUnreachableEtcdIsExitOne() {
    etcd.stop();
    Path good = dir.resolve("dist.yaml");
    assertThat(run("show", "--etcd", etcd.endpoint().toString(), "--timeout", "1s")).isEqualTo(1);
    assertThat(err.toString()).contains("etcd");
    assertThat(good).doesNotExist();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
