package dev.streamedge.packager.hls;

import java.util.List;

/** A master playlist: variant streams of the same content (RFC 8216 section 4.3.4). */
public record MasterPlaylist(List<Variant> variants) {
  public MasterPlaylist {
    variants = List.copyOf(variants);
  }
}
