package dev.streamedge.player.config;

import java.util.Objects;

/**
 * One thing the catalog shows: a VOD asset, a live channel, or a file to download.
 *
 * @param id the asset or channel name ({@code /vod/{id}/master.m3u8}, {@code /live/{id}/master.m3u8}), or
 *     the file's path under {@code /files/}
 * @param subscribersOnly shown as a lock on the page; the edge's behaviors decide who may fetch it
 */
public record CatalogEntry(Kind kind, String id, String title, String description, boolean subscribersOnly) {
  /** What the entry is. */
  public enum Kind {
    VOD("vod"), LIVE("live"), FILE("file");

    private final String yamlName;

    Kind(String yamlName) {
      this.yamlName = yamlName;
    }

    public String yamlName() {
      return yamlName;
    }
  }

  public CatalogEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
  }

  /** The path the edge serves it under: the master playlist of a video, or the file itself. */
  public String mediaPath() {
    return switch (kind) {
      case VOD -> "/vod/" + id + "/master.m3u8";
      case LIVE -> "/live/" + id + "/master.m3u8";
      case FILE -> "/files/" + id;
    };
  }

  /** The player's own page for a video ({@code /watch/vod/sample}); files have none. */
  public String watchPath() {
    if (kind == Kind.FILE) {
      throw new IllegalStateException("a file has no watch page: " + id);
    }
    return "/watch/" + kind.yamlName() + "/" + id;
  }
}
