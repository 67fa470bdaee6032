package dev.streamedge.perf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The part of {@code docs/benchmarks.md} the benchmark owns: everything between two marker
 * comments, replaced by the latest report. The rest of the page is written by people.
 */
public final class DocsTable {
  public static final String BEGIN = "<!-- bench:begin (written by ./streamedge bench --update-docs; do not edit by hand) -->";
  public static final String END = "<!-- bench:end -->";

  private DocsTable() {}

  /** {@code page} with the text between the markers replaced by {@code report}. */
  public static String replace(String page, String report) {
    Objects.requireNonNull(page, "page");
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("the page has no '" + BEGIN + "' ... '" + END + "' section");
    }
    return page.substring(0, begin + BEGIN.length()) + "\n" + report.strip() + "\n" + page.substring(end);
  }

  public static void update(Path page, String report) throws IOException {
    String text = Files.readString(page, StandardCharsets.UTF_8);
    Files.writeString(page, replace(text, report), StandardCharsets.UTF_8);
  }
}
