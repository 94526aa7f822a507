package io.autoservice.agent.tasks.win11;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the {@code whynotwin11_check} outcome from the CSV bytes (or their absence); the keys and
 * status rules are described on {@link WhyNotWin11Handler}. Pure: no I/O.
 */
final class WhyNotWin11Outcome {
  private WhyNotWin11Outcome() {}

  /**
   * @param csvBytes the CSV file's content, or null when WhyNotWin11 wrote none
   * @param csvPath the file read (or expected)
   */
  static TaskOutcome build(
      byte[] csvBytes, Path csvPath, ArrayNode command, int exitCode, String stderrExcerpt) {
    ObjectNode r = Json.object();
    ObjectNode hr = Json.object();
    if (csvBytes == null) {
      String reason = "WhyNotWin11 wrote no CSV (" + exitMeaning(exitCode) + ")";
      r.put("ready", false);
      r.putObject("checks");
      r.putArray("failing_checks");
      r.putArray("passing_checks");
      r.putNull("hostname");
      r.put("csv_path", csvPath.toString());
      r.putNull("raw");
      common(r, command, exitCode, stderrExcerpt);
      r.put("error", reason);
      hr.put("verdict", "unknown");
      hr.putArray("notes");
      hr.put("reason", reason);
      return TaskOutcome.of(TaskStatus.ERROR, hr, r);
    }

    WhyNotWin11CsvParser.Parsed p = WhyNotWin11CsvParser.parse(csvBytes);
    List<String> failing = p.failing();
    List<String> passing = p.passing();
    List<String> unknown = p.unknown();
    r.put("ready", p.ready());
    ObjectNode checks = r.putObject("checks");
    p.checks()
        .forEach(
            (k, v) -> {
              if (v == null) {
                checks.putNull(k);
              } else {
                checks.put(k, v.booleanValue());
              }
            });
    putList(r.putArray("failing_checks"), failing);
    putList(r.putArray("passing_checks"), passing);
    if (p.hostname() == null) {
      r.putNull("hostname");
    } else {
      r.put("hostname", p.hostname());
    }
    r.put("csv_path", csvPath.toString());
    ObjectNode raw = r.putObject("raw");
    putList(raw.putArray("header"), p.header());
    putList(raw.putArray("row"), p.row());
    common(r, command, exitCode, stderrExcerpt);
    putList(r.putArray("unknown_checks"), unknown);
    ObjectNode extras = r.putObject("extras");
    p.extras().forEach(extras::put);
    r.put("csv_encoding", p.encoding());

    ArrayNode notes = hr.putArray("notes");
    failing.forEach(c -> notes.add("Failed: " + c));
    unknown.forEach(c -> notes.add("Unclear: " + c));
    TaskStatus status;
    if (!p.hasResult()) {
      status = TaskStatus.WARNING;
      hr.put("verdict", "unknown");
      hr.put(
          "reason",
          "WhyNotWin11 wrote no results (its CSV has no result row; "
              + exitMeaning(exitCode)
              + ")");
    } else if (!failing.isEmpty()) {
      status = unknown.isEmpty() ? TaskStatus.SUCCESS : TaskStatus.WARNING;
      hr.put("verdict", "not_ready");
      hr.put(
          "reason",
          "Not ready for Windows 11: "
              + String.join(", ", failing)
              + (unknown.isEmpty() ? "" : " (unclear: " + String.join(", ", unknown) + ")"));
    } else if (!unknown.isEmpty() || p.checks().isEmpty()) {
      status = TaskStatus.WARNING;
      hr.put("verdict", "unknown");
      hr.put(
          "reason",
          p.checks().isEmpty()
              ? "WhyNotWin11's result row holds no checks"
              : "WhyNotWin11 gave no clear result for: " + String.join(", ", unknown));
    } else {
      status = TaskStatus.SUCCESS;
      hr.put("verdict", "ready");
      notes.add("All " + passing.size() + " checks passed");
    }
    return TaskOutcome.of(status, hr, r);
  }

  /** What WhyNotWin11's exit code means. */
  static String exitMeaning(int exitCode) {
    return switch (exitCode) {
      case 0 -> "exit code 0";
      case 1 -> "exit code 1: some check failed";
      case 10 -> "exit code 10: WhyNotWin11 does not run on this Windows version or under WINE";
      case 87 -> "exit code 87: WhyNotWin11 refused its command line";
      default -> "exit code " + exitCode;
    };
  }

  private static void common(ObjectNode r, ArrayNode command, int exitCode, String stderrExcerpt) {
    r.set("command", command.deepCopy());
    r.put("exit_code", exitCode);
    r.put("stderr_excerpt", stderrExcerpt == null ? "" : stderrExcerpt);
  }

  private static void putList(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
