package io.autoservice.common.result;

import java.util.Locale;

/** The outcome of one task. */
public enum TaskStatus {
  SUCCESS,
  WARNING,
  ERROR,
  SKIPPED;

  /** The lower-case name used in JSON and markers. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a status as our reports or the original runner write it. The original's {@code failure}
   * is our {@code error}; its {@code completed_with_errors} and {@code unknown} are a {@code
   * warning} (a technician should look, but the task did run).
   */
  public static TaskStatus parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "success", "ok" -> SUCCESS;
      case "warning", "completed_with_errors", "unknown" -> WARNING;
      case "error", "failure", "failed", "fail" -> ERROR;
      case "skipped", "skip" -> SKIPPED;
      default ->
          throw new IllegalArgumentException(
              "status: \"" + text + "\" (expected: success, warning, error or skipped)");
    };
  }
}
