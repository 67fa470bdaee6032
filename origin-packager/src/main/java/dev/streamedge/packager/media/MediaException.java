package dev.streamedge.packager.media;

/** An FFmpeg call failed; the message names the call and FFmpeg's own error text. */
public final class MediaException extends RuntimeException {
  public MediaException(String message) {
    super(message);
  }

  public MediaException(String message, Throwable cause) {
    super(message, cause);
  }
}
