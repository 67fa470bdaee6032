package dev.streamedge.edge.cli;

import dev.streamedge.edge.auth.CloudFrontSigner;
import dev.streamedge.edge.auth.CustomPolicy;
import dev.streamedge.edge.auth.KeyFormatException;
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
 * {@code streamedge sign-url}: prints a CloudFront signed URL. Canned policy by default (exactly
 * this URL); custom when {@code --starts}, {@code --ip} or {@code --policy-resource} (a wildcard
 * covering this URL and others) is given. Exit 0 with the URL on stdout, 2 for a usage error, 1
 * when the key cannot be used.
 */
@Command(name = "sign-url", mixinStandardHelpOptions = true,
    description = "Print a CloudFront-compatible signed URL.")
public final class SignUrlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SignOptions options;

  @Option(names = "--resource", required = true, paramLabel = "URL",
      description = "The URL to sign (public base URL + path + query).")
  String resource;

  @Option(names = "--policy-resource", paramLabel = "PATTERN",
      description = "Policy resource with * and ? wildcards, e.g. https://cdn.example.com/vod/*"
          + " (implies a custom policy).")
  String policyResource;

  private final Clock clock;

  public SignUrlCommand() {
    this(Clock.systemUTC());
  }

  public SignUrlCommand(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SignUrlCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = clock.instant();
    try {
      if (resource.indexOf('*') >= 0) {
        throw new IllegalArgumentException(
            "--resource is the concrete URL; put a wildcard pattern in --policy-resource");
      }
      boolean custom = options.custom(policyResource != null);
      CloudFrontSigner signer = signer();
      String url;
      if (custom) {
        CustomPolicy policy =
            options.customPolicy(policyResource != null ? policyResource : resource, now);
        url = signer.signedUrl(resource, policy);
      } else {
        url = signer.signedUrl(resource, options.expiresAt(now));
      }
      out.println(url);
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException | KeyFormatException e) {
      err.println("sign-url: --key " + options.key + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private CloudFrontSigner signer() throws IOException, KeyFormatException {
    return CloudFrontSigner.of(options.keyPairId, options.privateKey()).withHash(options.hash);
  }
}
