package dev.streamedge.perf.jmh;

import dev.streamedge.edge.auth.AccessDecision;
import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.CustomPolicy;
import dev.streamedge.edge.auth.KeyGroup;
import dev.streamedge.edge.auth.KeyGroups;
import dev.streamedge.edge.auth.SignedAccessVerifier;
import dev.streamedge.edge.auth.SignedRequest;
import dev.streamedge.edge.auth.SigningParams;
import dev.streamedge.edge.auth.TrustedKey;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying a CloudFront signed request ({@link SignedAccessVerifier}), per request of a protected
 * behavior: a signed URL (canned policy) or signed cookies (custom policy over a path wildcard,
 * the way a player's segment requests arrive), RSA-2048 or EC P-256, with the verified-token cache
 * (every request after a viewer's first: the signature is checked once per token, conditions every
 * time) and without it (a viewer's first request: one public-key verification).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class SignedAccessBenchmark {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final String BASE = "https://cdn.example.com";
  private static final List<String> TRUSTED = List.of("subscribers");

  @Param({"rsa", "ec"})
  String key;

  @Param({"signedUrl", "signedCookies"})
  String token;

  private SignedAccessVerifier cached;
  private SignedAccessVerifier uncached;
  private SignedRequest request;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(key.equals("rsa") ? "RSA" : "EC");
    if (key.equals("rsa")) {
      g.initialize(2048);
    } else {
      g.initialize(new ECGenParameterSpec("secp256r1"));
    }
    KeyPair pair = g.generateKeyPair();
    String id = "KBENCHMARKKEY01";
    KeyGroups groups = KeyGroups.of(List.of(KeyGroup.of("subscribers", List.of(TrustedKey.of(id, pair.getPublic())))));
    CloudFrontSigner signer = CloudFrontSigner.of(id, pair.getPrivate());
    InetAddress client = InetAddress.getByName("192.0.2.10");
    String segment = BASE + "/vod/movie/720p/seg_00042.ts";
    if (token.equals("signedUrl")) {
      String signed = signer.signedUrl(segment, NOW.plusSeconds(3600));
      int q = signed.indexOf('?');
      SigningParams.StrippedQuery stripped = SigningParams.strip(signed.substring(q + 1));
      request = new SignedRequest(stripped.appendTo(signed.substring(0, q)), stripped.params(), List.of(), client, NOW);
    } else {
      String cookies = signer.signedCookies(CustomPolicy.of(BASE + "/vod/movie/*", NOW.plusSeconds(3600))).cookieHeader();
      request = new SignedRequest(segment, SigningParams.NONE, List.of("lang=en; " + cookies), client, NOW);
    }
    cached = new SignedAccessVerifier(() -> groups);
    uncached = new SignedAccessVerifier(() -> groups, 0, SignedAccessVerifier.DEFAULT_MAX_POLICY_BYTES);
    if (!cached.verify(request, TRUSTED).allowed() || !uncached.verify(request, TRUSTED).allowed()) {
      throw new IllegalStateException("the benchmark's request is not allowed: " + uncached.verify(request, TRUSTED));
    }
  }

  @Benchmark
  public AccessDecision verifyCached() {
    return cached.verify(request, TRUSTED);
  }

  @Benchmark
  public AccessDecision verifyUncached() {
    return uncached.verify(request, TRUSTED);
  }
}
