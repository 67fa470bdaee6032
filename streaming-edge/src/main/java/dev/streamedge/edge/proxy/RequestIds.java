package dev.streamedge.edge.proxy;

import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unique request ids for {@code X-Edge-Request-Id} and the logs: 128 random bits, base64url.
 * Not secrets, so a fast thread-local generator is enough.
 */
public final class RequestIds {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  public String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] b = new byte[16];
    r.nextBytes(b);
    return ENCODER.encodeToString(b);
  }
}
