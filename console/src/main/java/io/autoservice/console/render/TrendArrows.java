package io.autoservice.console.render;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The trend marks of {@code console history}: ↑ ↓ → on a terminal that shows UTF-8, {@code ^ v =}
 * on one that does not (a Windows console on an old code page shows the arrows as {@code ?}), and
 * {@code ·} / {@code .} with a single point.
 */
public enum TrendArrows {
  UNICODE("↑", "↓", "→", "·"),
  ASCII("^", "v", "=", ".");

  private final String up;
  private final String down;
  private final String same;
  private final String unknown;

  TrendArrows(String up, String down, String same, String unknown) {
    this.up = up;
    this.down = down;
    this.same = same;
    this.unknown = unknown;
  }

  /**
   * What this process's output shows: the JVM's charset for standard output ({@code
   * stdout.encoding}, else {@code sun.stdout.encoding} on a Windows console, else the default
   * charset, which picocli's writers use) is UTF-8, or not.
   */
  public static TrendArrows forThisTerminal() {
    String enc = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
    Charset cs;
    try {
      cs = enc == null ? Charset.defaultCharset() : Charset.forName(enc);
    } catch (RuntimeException e) {
      return ASCII;
    }
    return cs.equals(StandardCharsets.UTF_8) ? UNICODE : ASCII;
  }

  /** The mark from {@code previous} to {@code latest}; null {@code previous}: a single point. */
  public String between(Double previous, double latest) {
    if (previous == null) {
      return unknown;
    }
    return latest > previous ? up : latest < previous ? down : same;
  }
}
