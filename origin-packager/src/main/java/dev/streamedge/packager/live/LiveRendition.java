package dev.streamedge.packager.live;

import dev.streamedge.packager.media.EncodeSpec;
import java.util.Objects;

/** One rendition of a live channel: a name in the URL and what to encode. */
record LiveRendition(String name, EncodeSpec spec) {
  LiveRendition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(spec, "spec");
  }

  /** Width for {@code height} keeping the aspect ratio of {@code srcW x srcH}, even. */
  static int widthFor(int srcW, int srcH, int height) {
    return Math.max(2, (int) Math.round((double) srcW * height / srcH / 2) * 2);
  }
}
