package dev.streamedge.packager.vod;

/** Where a rendition of an asset is in its life: waiting, transcoding, ready, skipped or failed. */
public enum RenditionState {
  PENDING,
  TRANSCODING,
  READY,
  /** Not lower than the source: no upscaling. */
  SKIPPED,
  FAILED;

  /** True when the state will not change again for this source file. */
  public boolean settled() {
    return this == READY || this == SKIPPED || this == FAILED;
  }
}
