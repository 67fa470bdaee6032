package dev.streamedge.player.app;

import dev.streamedge.player.account.PasswordHash;
import dev.streamedge.player.account.UserDirectory;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code streamedge player hash-password NAME}: reads a password (from the terminal without echo, or the
 * first line of standard input) and prints the users-file line {@code NAME:pbkdf2-sha256$…}.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
    description = "Print a users-file line for NAME with a salted PBKDF2-HMAC-SHA256 hash of a password read "
        + "from the terminal (or the first line of standard input).")
public final class HashPasswordCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The user name (1-64 of A-Z a-z 0-9 . _ @ -).")
  String name;

  @Option(names = "--iterations", paramLabel = "N", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
      description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Override
  public Integer call() throws IOException {
    if (!UserDirectory.isValidName(name)) {
      spec.commandLine().getErr().println("streamedge player hash-password: user name must be 1-64 of A-Z a-z 0-9 . _ @ -");
      return 2;
    }
    char[] password = readPassword();
    if (password == null || password.length == 0) {
      spec.commandLine().getErr().println("streamedge player hash-password: no password given");
      return 2;
    }
    try {
      PasswordHash hash = PasswordHash.create(password, new SecureRandom(), iterations);
      spec.commandLine().getOut().println(name + ":" + hash.format());
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("streamedge player hash-password: " + e.getMessage());
      return 2;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static char[] readPassword() throws IOException {
    Console console = System.console();
    if (console != null) {
      return console.readPassword("Password for the users file: ");
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    return line == null ? null : line.toCharArray();
  }
}
