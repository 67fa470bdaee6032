package dev.streamedge.player.account;

/** The users file cannot be used; the message names the file and the line. */
public final class UsersFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsersFileException(String message) {
    super(message);
  }
}
