package dev.streamedge.edge.netty;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Counts a {@link FileRegion} by its bytes in a channel's outbound buffer. Netty's default counts
 * a region as 0 bytes, so regions would never make a channel unwritable: the pull-while-writable
 * loop would queue a whole object's regions at once (and open every slice's reader), and {@link
 * SendTimeout} would never see a stalled viewer. Counted, a region weighs like the buffer batch it
 * replaces: the channel turns unwritable above the high-water mark and writable again once the
 * regions are sent.
 */
final class RegionSizeEstimator implements MessageSizeEstimator {
  private final Handle handle = new Handle() {
    private final MessageSizeEstimator.Handle others = DefaultMessageSizeEstimator.DEFAULT.newHandle();

    @Override
    public int size(Object msg) {
      if (msg instanceof FileRegion r) {
        return (int) Math.min(r.count() - r.transferred(), Integer.MAX_VALUE);
      }
      return others.size(msg);
    }
  };

  @Override
  public Handle newHandle() {
    return handle;
  }
}
