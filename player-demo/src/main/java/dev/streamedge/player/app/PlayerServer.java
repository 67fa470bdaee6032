package dev.streamedge.player.app;

import com.sun.net.httpserver.HttpServer;
import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.KeyFormatException;
import dev.streamedge.edge.auth.PemKeys;
import dev.streamedge.player.account.UserDirectory;
import dev.streamedge.player.account.UsersFileException;
import dev.streamedge.player.config.PlayerConfig;
import dev.streamedge.player.config.PlayerConfigException;
import dev.streamedge.player.session.SignInCookies;
import dev.streamedge.player.web.PlayerSite;
import dev.streamedge.player.web.StaticAssets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running player app: the site on the JDK HTTP server, with a bounded pool of worker threads (a full
 * queue makes the accepting thread serve the request itself, which slows accepting instead of dropping).
 *
 * <pre>
 * try (PlayerServer p = PlayerServer.start(PlayerConfigLoader.load(Path.of("player.yaml")))) {
 *   URI base = p.baseUri();
 * }
 * </pre>
 */
public final class PlayerServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlayerServer.class);

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final InetSocketAddress address;

  private PlayerServer(HttpServer server, ThreadPoolExecutor workers) {
    this.server = server;
    this.workers = workers;
    this.address = server.getAddress();
  }

  /** Starts with the system clock. */
  public static PlayerServer start(PlayerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts the player app.
   *
   * @throws PlayerConfigException naming the key when the users file, the key or the address is unusable
   */
  public static PlayerServer start(PlayerConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    CloudFrontSigner signer = signer(config.signing());
    UserDirectory users;
    try {
      users = UserDirectory.load(config.usersFile());
    } catch (UsersFileException e) {
      throw new PlayerConfigException("player.usersFile", e.getMessage());
    }
    if (users.size() == 0) {
      log.warn("the users file {} lists nobody: no one can sign in", config.usersFile());
    }
    StaticAssets assets = StaticAssets.load(PlayerServer.class.getClassLoader());
    SignInCookies cookies = new SignInCookies(signer, config.signing().resource(), config.sessionLength(), clock);
    int cores = Runtime.getRuntime().availableProcessors();
    PlayerSite site = new PlayerSite(config, assets, users, cookies, config.signInHint().orElse(null),
        Math.min(cores, config.workerThreads()));

    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(), 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
          Thread t = new Thread(r, "player-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    workers.allowCoreThreadTimeOut(true);
    HttpServer server;
    try {
      server = HttpServer.create(config.listen(), 128);
    } catch (IOException e) {
      workers.shutdownNow();
      throw new PlayerConfigException("player.listen", "cannot listen on " + config.listen() + ": " + e.getMessage());
    }
    server.createContext("/", new ExchangeAdapter(site));
    server.setExecutor(workers);
    server.start();
    PlayerServer running = new PlayerServer(server, workers);
    log.info("player listening on {} ({} users, cookies signed by key pair {} for {}{}, hls.js {})",
        running.baseUri(), users.size(), signer.keyPairId(),
        config.publicBaseUrl().map(URI::toString).orElse("<request origin>"), config.signing().resource(),
        assets.hlsVersion());
    return running;
  }

  private static CloudFrontSigner signer(PlayerConfig.Signing s) {
    Path file = s.privateKeyFile();
    String key = "player.signing.privateKeyFile";
    String pem;
    try {
      pem = Files.readString(file);
    } catch (IOException e) {
      throw new PlayerConfigException(key, "cannot read " + file + ": " + e.getMessage());
    }
    PrivateKey privateKey;
    try {
      privateKey = PemKeys.readPrivateKey(pem);
    } catch (KeyFormatException e) {
      throw new PlayerConfigException(key, file + ": " + e.getMessage());
    }
    try {
      return CloudFrontSigner.of(s.keyPairId(), privateKey).withHash(s.hashAlgorithm());
    } catch (IllegalArgumentException e) {
      throw new PlayerConfigException(key, file + ": " + e.getMessage());
    }
  }

  public InetSocketAddress address() {
    return address;
  }

  public int port() {
    return address.getPort();
  }

  /** {@code http://host:port} of this server (loopback when bound to every interface). */
  public URI baseUri() {
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + address.getPort());
  }

  /** Stops accepting, gives requests in flight a second, and stops the workers. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    log.info("player on {} stopped", baseUri());
  }
}
