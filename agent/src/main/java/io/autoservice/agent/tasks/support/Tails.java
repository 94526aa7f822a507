package io.autoservice.agent.tasks.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The end of a tool's output, for previews and reasons ("failed with exit code 2: <last lines>").
 */
public final class Tails {
  private Tails() {}

  /** The last {@code n} lines that are not blank, stripped, in order. */
  public static List<String> last(List<String> lines, int n) {
    List<String> picked = new ArrayList<>();
    for (int i = lines.size() - 1; i >= 0 && picked.size() < n; i--) {
      String s = lines.get(i);
      if (s != null && !s.isBlank()) {
        picked.add(0, s.strip());
      }
    }
    return picked;
  }

  /** {@link #last} joined with {@code "\n"}; empty when there is no such line. */
  public static String lastLines(List<String> lines, int n) {
    return String.join("\n", last(lines, n));
  }

  /** The last non-blank line, stripped, or empty. */
  public static String lastLine(List<String> lines) {
    return lastLines(lines, 1);
  }

  /** The last {@code max} characters of {@code s} (all of it when shorter). */
  public static String lastChars(String s, int max) {
    return s.length() <= max ? s : s.substring(s.length() - max);
  }
}
