package dev.streamedge.edge.cli;

import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.CookieAttributes;
import dev.streamedge.edge.auth.KeyFormatException;
import dev.streamedge.edge.auth.SignedCookies;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code streamedge sign-cookies}: prints the {@code Set-Cookie} lines of CloudFront signed
 * cookies, or with {@code --format cookie} one {@code Cookie:} line to paste into {@code curl -H}.
 * A wildcard {@code --resource} ({@code https://cdn.example.com/vod/*}) implies a custom policy.
 * Exit 0 on success, 2 for a usage error, 1 when the key cannot be used.
 */
@Command(name = "sign-cookies", mixinStandardHelpOptions = true,
    description = "Print CloudFront-compatible signed cookies as Set-Cookie lines.")
public final class SignCookiesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SignOptions options;

  @Option(names = "--resource", required = true, paramLabel = "URL",
      description = "Policy resource: a URL, or a pattern with * and ? (custom policy).")
  String resource;

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Cookie Domain (default: host-only).")
  String domain;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = "/",
      description = "Cookie Path (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--secure", description = "Add Secure (set it when the edge serves HTTPS).")
  boolean secure;

  @Option(names = "--same-site", paramLabel = "Lax|Strict|None", defaultValue = "Lax",
      description = "Cookie SameSite (default: ${DEFAULT-VALUE}).")
  String sameSite;

  @Option(names = "--max-age", paramLabel = "DURATION",
      description = "Cookie Max-Age, e.g. 12h (default: a session cookie, as CloudFront advises).")
  String maxAge;

  @Option(names = "--format", paramLabel = "set-cookie|cookie", defaultValue = "set-cookie",
      description = "set-cookie: one Set-Cookie line per cookie; cookie: one Cookie: line.")
  String format;

  private final Clock clock;

  public SignCookiesCommand() {
    this(Clock.systemUTC());
  }

  public SignCookiesCommand(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SignCookiesCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = clock.instant();
    try {
      if (!format.equals("set-cookie") && !format.equals("cookie")) {
        throw new IllegalArgumentException("--format must be set-cookie or cookie");
      }
      boolean wildcard = resource.indexOf('*') >= 0 || resource.indexOf('?') >= 0;
      boolean custom = options.custom(wildcard);
      CookieAttributes attributes = CookieAttributes.defaults()
          .withPath(path)
          .withDomain(domain)
          .withSecure(secure)
          .withSameSite(sameSite)
          .withMaxAge(maxAge == null ? null : SignOptions.parseDuration(maxAge));
      CloudFrontSigner signer =
          CloudFrontSigner.of(options.keyPairId, options.privateKey()).withHash(options.hash);
      SignedCookies cookies = custom
          ? signer.signedCookies(options.customPolicy(resource, now))
          : signer.signedCookies(resource, options.expiresAt(now));
      if (format.equals("cookie")) {
        out.println("Cookie: " + cookies.cookieHeader());
      } else {
        for (String line : cookies.setCookieHeaders(attributes)) {
          out.println("Set-Cookie: " + line);
        }
      }
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException | KeyFormatException e) {
      err.println("sign-cookies: --key " + options.key + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }
}
