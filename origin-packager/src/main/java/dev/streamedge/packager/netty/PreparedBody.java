package dev.streamedge.packager.netty;

import dev.streamedge.packager.http.Body;
import dev.streamedge.packager.http.Content;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A response body turned into the objects Netty writes, in order: {@code ByteBuf}s (wrapping arrays,
 * no copy), {@code DefaultFileRegion}s (sendfile) or {@code ChunkedNioFile}s (pulled by
 * ChunkedWriteHandler only while the channel is writable). Files are opened here, on a worker thread,
 * so the event loop never blocks on open(2). Whatever is not written must be {@link #discard}ed.
 */
final class PreparedBody {
  private static final int CHUNK = 64 * 1024;

  private final List<Object> parts;

  private PreparedBody(List<Object> parts) {
    this.parts = parts;
  }

  List<Object> parts() {
    return parts;
  }

  static PreparedBody empty() {
    return new PreparedBody(List.of());
  }

  /** Opens what {@code body} needs. Blocking. On failure nothing stays open. */
  static PreparedBody prepare(Body body, boolean zeroCopy) throws IOException {
    List<Object> out = new ArrayList<>();
    try {
      if (body instanceof Body.Text t) {
        out.add(Unpooled.wrappedBuffer(t.bytes()));
      } else if (body instanceof Body.Slice s) {
        add(out, s, zeroCopy);
      } else if (body instanceof Body.Multipart m) {
        for (Body.Part p : m.parts()) {
          out.add(Unpooled.wrappedBuffer(p.header()));
          add(out, p.slice(), zeroCopy);
        }
        out.add(Unpooled.wrappedBuffer(m.closing()));
      }
      return new PreparedBody(out);
    } catch (IOException | RuntimeException e) {
      new PreparedBody(out).discard();
      throw e;
    }
  }

  private static void add(List<Object> out, Body.Slice s, boolean zeroCopy) throws IOException {
    if (s.length() == 0) {
      return;
    }
    if (s.content() instanceof Content.BytesContent b) {
      out.add(Unpooled.wrappedBuffer(b.bytes(), Math.toIntExact(s.offset()), Math.toIntExact(s.length())));
      return;
    }
    Content.FileContent f = (Content.FileContent) s.content();
    FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ);
    try {
      if (ch.size() < s.offset() + s.length()) {
        throw new IOException("file shrank under us: " + f.path());
      }
      out.add(zeroCopy ? new DefaultFileRegion(ch, s.offset(), s.length()) : new ChunkedNioFile(ch, s.offset(), s.length(), CHUNK));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Releases every part not handed to the channel. */
  void discard() {
    for (Object o : parts) {
      if (o instanceof ChunkedNioFile c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // closing a read-only file: nothing to recover
        }
      } else {
        ReferenceCountUtil.safeRelease(o);
      }
    }
  }
}
