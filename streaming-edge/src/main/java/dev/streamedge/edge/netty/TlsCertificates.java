package dev.streamedge.edge.netty;

import dev.streamedge.edge.config.ConfigException;
import dev.streamedge.edge.config.TlsSettings;
import dev.streamedge.edge.tls.CertifiedKey;
import dev.streamedge.edge.tls.TlsMaterialException;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer listener's certificates, chosen per connection by SNI (RFC 6066 §3) and reloaded
 * without a restart.
 *
 * <p>Each {@code edge.tls.certificates[]} entry becomes one server {@link SslContext} offering ALPN
 * {@code h2} and {@code http/1.1} (RFC 7301) with the RFC 9113 §9.2.2 cipher suites. Its names (exact
 * or {@code *.} wildcard; configured, else the certificate's subjectAltName) go into one
 * {@link DomainWildcardMappingBuilder} mapping whose default, for clients that send no or an unknown
 * name, is the first certificate. A name listed by two entries belongs to the first.
 *
 * <p>{@link #reload()} re-reads the PEM files; an entry whose bytes changed is rebuilt and the whole
 * mapping is swapped in one volatile write. Handshakes already past SNI keep the context they got,
 * so connections in flight are untouched. A file that does not read, or a new certificate that does
 * not match its key (a renewal caught half-way), keeps the entry's current certificate and is
 * logged once per distinct content.
 */
final class TlsCertificates implements Mapping<String, SslContext> {
  private static final Logger log = LoggerFactory.getLogger(TlsCertificates.class);
  private static final long MAX_PEM_BYTES = 1 << 20;
  private static final Duration EXPIRY_WARNING = Duration.ofDays(14);
  private static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
      ApplicationProtocolConfig.Protocol.ALPN,
      // The only behaviours both OpenSSL and the JDK support.
      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
      ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

  /** One configured certificate: the bytes last read and the context last built from good ones. */
  private static final class Entry {
    final TlsSettings.Certificate config;
    final String key;
    byte[] certBytes;
    byte[] keyBytes;
    CertifiedKey material;
    SslContext context;
    String lastProblem;

    Entry(TlsSettings.Certificate config, String key) {
      this.config = config;
      this.key = key;
    }
  }

  private final TlsSettings settings;
  private final SslProvider provider;
  private final Clock clock;
  private final Entry[] entries;
  private volatile Mapping<String, SslContext> mapping;

  private TlsCertificates(TlsSettings settings, SslProvider provider, Clock clock, Entry[] entries) {
    this.settings = settings;
    this.provider = provider;
    this.clock = clock;
    this.entries = entries;
  }

  /**
   * Reads every certificate (blocking: files).
   *
   * @throws ConfigException naming the entry's key when one cannot be served
   */
  static TlsCertificates load(TlsSettings settings, SslProvider provider, Clock clock) {
    List<TlsSettings.Certificate> certs = settings.certificates();
    Entry[] entries = new Entry[certs.size()];
    TlsCertificates c = new TlsCertificates(settings, provider, clock, entries);
    for (int i = 0; i < entries.length; i++) {
      Entry e = new Entry(certs.get(i), "edge.tls.certificates[" + i + "]");
      entries[i] = e;
      try {
        e.certBytes = read(e.config.certFile());
        e.keyBytes = read(e.config.keyFile());
        c.build(e);
      } catch (SSLException ex) {
        throw new ConfigException(e.key, "the TLS library refused " + e.config.certFile() + ": " + ex.getMessage());
      } catch (IOException ex) {
        throw new ConfigException(e.key, unreadable(ex));
      } catch (TlsMaterialException ex) {
        throw new ConfigException(e.key, e.config.certFile() + " / " + e.config.keyFile() + ": " + ex.getMessage());
      }
    }
    c.mapping = c.buildMapping();
    return c;
  }

  /** The context for an SNI host name (null: no SNI), falling back to the first certificate. */
  @Override
  public SslContext map(String hostname) {
    return mapping.map(hostname);
  }

  /**
   * Re-reads the PEM files and swaps in changed certificates (blocking: files). Never throws: a
   * problem keeps the certificate in use and is logged.
   *
   * @return whether anything was swapped
   */
  synchronized boolean reload() {
    boolean changed = false;
    for (Entry e : entries) {
      byte[] cert;
      byte[] key;
      try {
        cert = read(e.config.certFile());
        key = read(e.config.keyFile());
      } catch (IOException ex) {
        problem(e, unreadable(ex));
        continue;
      }
      if (Arrays.equals(cert, e.certBytes) && Arrays.equals(key, e.keyBytes)) {
        continue;
      }
      // Remember what was tried, so a bad file is reported once, not at every interval.
      e.certBytes = cert;
      e.keyBytes = key;
      try {
        build(e);
        e.lastProblem = null;
        changed = true;
        log.info("{}: reloaded {} for {} (valid until {})", e.key, e.config.certFile(), e.material.names(),
            e.material.notAfter());
      } catch (TlsMaterialException | SSLException ex) {
        problem(e, e.config.certFile() + " / " + e.config.keyFile() + ": " + ex.getMessage());
      }
    }
    if (changed) {
      mapping = buildMapping();
    }
    return changed;
  }

  /** The interval {@link #reload()} should run at. */
  Duration reloadInterval() {
    return settings.reloadInterval();
  }

  private void problem(Entry e, String what) {
    if (!what.equals(e.lastProblem)) {
      e.lastProblem = what;
      log.warn("{}: keeping the certificate in use: {}", e.key, what);
    }
  }

  private void build(Entry e) throws TlsMaterialException, SSLException {
    CertifiedKey material = CertifiedKey.read(new String(e.certBytes, StandardCharsets.US_ASCII),
        new String(e.keyBytes, StandardCharsets.US_ASCII), e.config.names());
    SslContext context = SslContextBuilder.forServer(material.key(), material.chain())
        .sslProvider(provider)
        .protocols(settings.protocols())
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(ALPN)
        .build();
    Instant now = clock.instant();
    if (material.notAfter().isBefore(now)) {
      log.warn("{}: {} expired at {}; clients will refuse it", e.key, e.config.certFile(), material.notAfter());
    } else if (material.notAfter().isBefore(now.plus(EXPIRY_WARNING))) {
      log.warn("{}: {} expires at {}", e.key, e.config.certFile(), material.notAfter());
    }
    e.material = material;
    e.context = context;
  }

  private Mapping<String, SslContext> buildMapping() {
    DomainWildcardMappingBuilder<SslContext> b = new DomainWildcardMappingBuilder<>(entries[0].context);
    // Later adds replace earlier ones: add in reverse so the first entry listing a name keeps it.
    for (int i = entries.length - 1; i >= 0; i--) {
      for (String name : entries[i].material.names()) {
        b.add(name, entries[i].context);
      }
    }
    return b.build();
  }

  private static String unreadable(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "cannot read " + e.getMessage() + ": no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read " + e.getMessage() + ": permission denied";
    }
    return "cannot read: " + e;
  }

  private static byte[] read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_PEM_BYTES) {
      throw new IOException(file + ": " + size + " bytes is too large for a PEM file");
    }
    return Files.readAllBytes(file);
  }
}
