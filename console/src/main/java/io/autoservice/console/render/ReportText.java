package io.autoservice.console.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.console.view.RunRow;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A report as a technician reads it: the run's outcome, then one line per task with its status and,
 * for an error or skip, the reason, else the task's verdict (its most telling human-readable line).
 * Every line goes out through the {@link Terminal}, so a field with line breaks or controls (the
 * run's error, a reason) shows them escaped on its own line.
 */
public final class ReportText {
  /** Human-readable keys that state a task's verdict, most telling first. */
  private static final List<String> VERDICT_KEYS =
      List.of("verdict", "summary", "message", "status", "result", "greeting");

  private ReportText() {}

  public static void print(RunRow run, RunReport report, ZoneId zone, Terminal out) {
    out.println("Run      " + run.runId());
    out.println(
        "Machine  "
            + run.machine()
            + (run.agentId().equals(run.machine()) ? "" : " (agent " + run.agentId() + ")"));
    out.println("Status   " + report.status().wireName());
    out.println(
        "Started  "
            + Times.local(report.runTimestamp(), zone)
            + ", took "
            + Times.seconds(report.totalDurationSeconds()));
    if (report.error() != null) {
      out.println("Error    " + report.error());
    }
    List<TaskResult> tasks = report.tasks();
    out.println(
        "Tasks    "
            + tasks.size()
            + (tasks.size() == run.totalTasks() ? "" : " of " + run.totalTasks()));
    Table t = new Table("#", "TASK", "STATUS", "TIME", "REASON / VERDICT");
    for (int i = 0; i < tasks.size(); i++) {
      TaskResult r = tasks.get(i);
      String name =
          r.taskId() == null || r.taskId().equals(r.taskType())
              ? r.taskType()
              : r.taskType() + " (" + r.taskId() + ")";
      t.add(i + 1, name, r.status().wireName(), Times.seconds(r.durationSeconds()), verdict(r));
    }
    if (!tasks.isEmpty()) {
      out.println();
      t.print(out);
    }
    out.flush();
  }

  /** The reason for an error or skip; else the task's most telling human-readable line. */
  static String verdict(TaskResult r) {
    if (r.status() == TaskStatus.ERROR || r.status() == TaskStatus.SKIPPED) {
      return oneLine(r.reason());
    }
    JsonNode hr = r.summary().path("human_readable");
    for (String key : VERDICT_KEYS) {
      String v = text(hr.path(key));
      if (!v.isEmpty()) {
        return oneLine(v);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = hr.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String v = text(f.getValue());
      if (!v.isEmpty()) {
        return oneLine(f.getKey() + ": " + v);
      }
    }
    return "-";
  }

  /** A value, or a list of values joined with "; " (disk space lists one line per volume). */
  private static String text(JsonNode v) {
    if (v.isValueNode() && !v.isNull()) {
      return v.asText().strip();
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(
          e -> {
            if (e.isValueNode() && !e.isNull() && !e.asText().isBlank()) {
              parts.add(e.asText().strip());
            }
          });
      return String.join("; ", parts);
    }
    return "";
  }

  private static String oneLine(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() > 120 ? one.substring(0, 117) + "..." : one;
  }
}
