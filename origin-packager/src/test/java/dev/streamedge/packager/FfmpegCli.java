package dev.streamedge.packager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's ffmpeg/ffprobe on packager output: the independent judge of what we produce. */
public final class FfmpegCli {
  private FfmpegCli() {}

  /** Result of a CLI run. */
  public record Run(int exit, String stdout, String stderr) {}

  public static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    byte[][] out = new byte[2][];
    Thread err = new Thread(() -> {
      try {
        out[1] = p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        out[1] = new byte[0];
      }
    });
    err.start();
    out[0] = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    err.join();
    return new Run(p.exitValue(), new String(out[0], StandardCharsets.UTF_8), new String(out[1], StandardCharsets.UTF_8));
  }

  /** Decodes every stream of {@code input} to nothing; returns the error output (empty when clean). */
  public static String decodeErrors(String input) throws IOException, InterruptedException {
    Run r = run("ffmpeg", "-nostdin", "-v", "error", "-i", input, "-map", "0", "-f", "null", "-");
    return r.exit() == 0 ? r.stderr().trim() : ("exit " + r.exit() + ": " + r.stderr().trim());
  }

  /** One packet as ffprobe reports it. */
  public record Packet(int stream, String type, long pts, long dts, long duration, boolean key, double ptsTime) {}

  public static List<Packet> packets(String input) throws IOException, InterruptedException {
    Run r = run("ffprobe", "-v", "error", "-show_entries",
        "packet=stream_index,codec_type,pts,dts,duration,flags,pts_time:stream=index,codec_type", "-of", "json", input);
    if (r.exit() != 0) {
      throw new IOException("ffprobe failed: " + r.stderr());
    }
    JsonNode root = new ObjectMapper().readTree(r.stdout());
    String[] types = new String[16];
    for (JsonNode s : root.path("streams")) {
      types[s.path("index").asInt()] = s.path("codec_type").asText();
    }
    List<Packet> out = new ArrayList<>();
    for (JsonNode p : root.path("packets")) {
      int si = p.path("stream_index").asInt();
      out.add(new Packet(si, types[si], p.path("pts").asLong(), p.path("dts").asLong(), p.path("duration").asLong(),
          p.path("flags").asText().contains("K"), p.path("pts_time").asDouble()));
    }
    return out;
  }

  /** Container duration in seconds. */
  public static double duration(String input) throws IOException, InterruptedException {
    Run r = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", input);
    return Double.parseDouble(r.stdout().trim());
  }
}
