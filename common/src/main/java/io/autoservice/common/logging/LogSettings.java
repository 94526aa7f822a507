package io.autoservice.common.logging;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where and how a process logs.
 *
 * @param format {@code text} (key=value) or {@code json} (one object per line)
 * @param level the root level (trace, debug, info, warn, error)
 * @param file a log file besides stderr, rotated; {@code null}: stderr only
 * @param fileMaxMb the size at which the file rolls over
 * @param totalMaxMb the cap on the file and its rolled-over copies together
 * @param maxHistoryDays days rolled-over files are kept
 */
public record LogSettings(
    String format, String level, Path file, int fileMaxMb, int totalMaxMb, int maxHistoryDays) {

  public LogSettings {
    format = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new IllegalArgumentException("log_format: \"" + format + "\" (expected: text or json)");
    }
    level = level == null ? "info" : level.strip().toLowerCase(Locale.ROOT);
    if (!java.util.List.of("trace", "debug", "info", "warn", "error", "off").contains(level)) {
      throw new IllegalArgumentException(
          "log_level: \"" + level + "\" (expected: trace, debug, info, warn, error or off)");
    }
    positive("log_file_max_mb", fileMaxMb);
    positive("log_total_max_mb", totalMaxMb);
    positive("log_max_history_days", maxHistoryDays);
    if (totalMaxMb < fileMaxMb) {
      throw new IllegalArgumentException(
          "log_total_max_mb: "
              + totalMaxMb
              + " (expected: at least log_file_max_mb, "
              + fileMaxMb
              + ")");
    }
  }

  /** Text on stderr at {@code level}. */
  public static LogSettings stderr(String level) {
    return new LogSettings(null, level, null, 10, 100, 14);
  }

  public boolean json() {
    return format.equals("json");
  }

  private static void positive(String key, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(key + ": " + v + " (expected: > 0)");
    }
  }
}
