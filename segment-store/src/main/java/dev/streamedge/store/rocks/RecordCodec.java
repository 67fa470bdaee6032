package dev.streamedge.store.rocks;

import dev.streamedge.store.ObjectMeta;
import dev.streamedge.store.StoredHeader;
import dev.streamedge.store.engine.ObjectRecord;
import dev.streamedge.store.engine.RangeSet;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary form of an {@link ObjectRecord} in the {@code meta} column family. Version byte first, so
 * the format can change; a record that does not decode is treated as absent (the object is a miss
 * and is dropped on the next write of its key).
 */
final class RecordCodec {
  /** Version 2 added a flags byte after the chunk size (bit 0: file-backed). */
  private static final byte VERSION = 2;

  private static final byte VERSION_1 = 1;
  private static final byte FLAG_FILE_BACKED = 1;

  private RecordCodec() {}

  static byte[] encode(ObjectRecord r) {
    ObjectMeta m = r.meta();
    Out out = new Out(256);
    out.b(VERSION);
    out.l(r.generation());
    out.i(r.chunkSize());
    out.b(r.fileBacked() ? FLAG_FILE_BACKED : 0);
    RangeSet p = r.present();
    out.i(p.rangeCount());
    for (int i = 0; i < p.rangeCount(); i++) {
      out.l(p.start(i));
      out.l(p.end(i));
    }
    out.i(m.status());
    out.l(m.totalLength());
    out.s(m.etag());
    out.l(m.lastModified());
    out.l(m.requestTime());
    out.l(m.responseTime());
    out.l(m.storedAt());
    out.i(m.headers().size());
    for (StoredHeader h : m.headers()) {
      out.s(h.name());
      out.s(h.value());
    }
    out.i(m.attributes().size());
    for (Map.Entry<String, String> e : m.attributes().entrySet()) {
      out.s(e.getKey());
      out.s(e.getValue());
    }
    return out.bytes();
  }

  /** Decodes, or returns null when the bytes are not a record this version understands. */
  static ObjectRecord decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION && version != VERSION_1) {
        return null;
      }
      long generation = in.getLong();
      int chunkSize = in.getInt();
      byte flags = version == VERSION_1 ? 0 : in.get();
      if ((flags & ~FLAG_FILE_BACKED) != 0) {
        return null;
      }
      int ranges = count(in);
      long[] bounds = new long[ranges * 2];
      for (int i = 0; i < bounds.length; i++) {
        bounds[i] = in.getLong();
      }
      int status = in.getInt();
      long totalLength = in.getLong();
      String etag = str(in);
      long lastModified = in.getLong();
      long requestTime = in.getLong();
      long responseTime = in.getLong();
      long storedAt = in.getLong();
      int nh = count(in);
      List<StoredHeader> headers = new ArrayList<>(nh);
      for (int i = 0; i < nh; i++) {
        headers.add(new StoredHeader(str(in), str(in)));
      }
      int na = count(in);
      Map<String, String> attrs = new TreeMap<>();
      for (int i = 0; i < na; i++) {
        attrs.put(str(in), str(in));
      }
      if (in.hasRemaining()) {
        return null;
      }
      ObjectMeta meta =
          new ObjectMeta(
              status, headers, totalLength, etag, lastModified, requestTime, responseTime,
              storedAt, attrs);
      return new ObjectRecord(
          generation, chunkSize, RangeSet.ofBounds(bounds), meta, (flags & FLAG_FILE_BACKED) != 0);
    } catch (BufferUnderflowException | IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static int count(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("bad count " + n);
    }
    return n;
  }

  private static String str(ByteBuffer in) {
    int n = in.getInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("bad string length " + n);
    }
    String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private static final class Out {
    private ByteBuffer buf;

    Out(int initial) {
      buf = ByteBuffer.allocate(initial);
    }

    private void ensure(int n) {
      if (buf.remaining() < n) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }

    void b(byte v) {
      ensure(1);
      buf.put(v);
    }

    void i(int v) {
      ensure(4);
      buf.putInt(v);
    }

    void l(long v) {
      ensure(8);
      buf.putLong(v);
    }

    void s(String v) {
      if (v == null) {
        i(-1);
        return;
      }
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      i(b.length);
      ensure(b.length);
      buf.put(b);
    }

    byte[] bytes() {
      byte[] out = new byte[buf.position()];
      buf.flip();
      buf.get(out);
      return out;
    }
  }
}
