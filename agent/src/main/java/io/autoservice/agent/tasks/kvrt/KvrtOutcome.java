package io.autoservice.agent.tasks.kvrt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parsed KVRT run into the task's outcome (status rules in {@link KvrtScanHandler}). Pure.
 */
final class KvrtOutcome {
  static final int EXCERPT_CHARS = 1200;
  static final int PREVIEW_LINES = 10;
  static final int MAX_NOTES = 20;
  static final int MAX_LISTED = 3;

  private KvrtOutcome() {}

  /**
   * @param p what the output said
   * @param intent the command's echoed flags and options
   * @param exitCode KVRT's exit code
   * @param stdout KVRT's stdout lines (as retained)
   * @param stderr KVRT's stderr lines, likewise
   * @param stopped why the run was stopped (timeout, cancel), or null if KVRT exited by itself
   */
  static TaskOutcome build(
      KvrtOutput p,
      ObjectNode intent,
      int exitCode,
      List<String> stdout,
      List<String> stderr,
      String stopped) {
    long found = p.threatsFound();
    int removed = p.removedCount();
    List<KvrtDetection> remaining = p.detections().stream().filter(d -> !d.removed()).toList();

    TaskStatus status;
    String verdict;
    String reason = null;
    boolean unreadable = false;
    if (stopped != null) {
      status = TaskStatus.ERROR;
      verdict = "error";
      reason = stopped + (found > 0 ? "; " + threats(found) + " found before it stopped." : ".");
    } else if (exitCode != 0) {
      status = TaskStatus.ERROR;
      verdict = "error";
      String last =
          Tails.lastLine(stderr).isEmpty() ? Tails.lastLine(stdout) : Tails.lastLine(stderr);
      reason = "KVRT failed with exit code " + exitCode + (last.isEmpty() ? "." : ": " + last);
    } else if (!p.totalsFound() && p.detections().isEmpty()) {
      status = TaskStatus.WARNING;
      verdict = "unknown";
      unreadable = true;
      String last = Tails.lastLine(stdout);
      reason =
          "KVRT finished but its output held no scan totals (unrecognised or non-English output)"
              + (last.isEmpty() ? "; it printed nothing." : "; last line: " + last);
    } else if (found == 0) {
      status = TaskStatus.SUCCESS;
      verdict = "clean";
    } else if (removed >= found) {
      status = TaskStatus.SUCCESS;
      verdict = "threats_removed";
    } else {
      status = TaskStatus.WARNING;
      verdict = "threats_remaining";
      reason =
          (found - removed)
              + " of "
              + threats(found)
              + " found were not removed"
              + (remaining.isEmpty()
                  ? " (KVRT reported no action for them); see its report."
                  : ": " + describe(remaining) + ".");
    }

    ObjectNode results = intent.deepCopy();
    JsonPuts.put(results, "processed", p.processed());
    JsonPuts.put(results, "processing_errors", p.processingErrors());
    JsonPuts.put(results, "detected", p.detected());
    JsonPuts.put(results, "password_protected", p.passwordProtected());
    JsonPuts.put(results, "corrupted", p.corrupted());
    ArrayNode detections = results.putArray("detections");
    for (KvrtDetection d : p.detections()) {
      ObjectNode n =
          detections.addObject().put("threat", d.threat()).put("object_path", d.objectPath());
      JsonPuts.put(n, "action", d.action());
    }
    results.put("removed_count", removed);
    results.put("exit_code", exitCode);
    results.put("stdout_excerpt", Tails.lastChars(String.join("\n", stdout), EXCERPT_CHARS));
    results.put("stderr_excerpt", Tails.lastChars(String.join("\n", stderr), EXCERPT_CHARS));
    if (unreadable) {
      results.put("output_preview", Tails.lastLines(stdout, PREVIEW_LINES));
    }
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", verdict);
    JsonPuts.put(hr, "objects_scanned", p.processed());
    hr.put("threats_found", found);
    hr.put("threats_removed", removed);
    hr.put("threats_skipped", p.skippedCount());
    ArrayNode notes = hr.putArray("notes");
    notes(p, found, removed).forEach(notes::add);
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /** An error before KVRT ran (tool missing, bad parameter). */
  static TaskOutcome error(String reason, ObjectNode intent) {
    ObjectNode results = intent == null ? Json.object() : intent.deepCopy();
    results.put("error", reason);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }

  private static List<String> notes(KvrtOutput p, long found, int removed) {
    List<String> notes = new ArrayList<>();
    if (found == 0 && p.totalsFound()) {
      notes.add(
          "No threats found"
              + (p.processed() == null ? "" : " in " + p.processed() + " objects scanned"));
    } else if (found > 0) {
      notes.add(threats(found) + " found, " + removed + " removed or disinfected");
    }
    for (KvrtDetection d : p.detections()) {
      if (notes.size() >= MAX_NOTES) {
        notes.add("… and more: see detections");
        break;
      }
      notes.add(
          d.threat()
              + " on "
              + d.objectPath()
              + ": "
              + (d.action() == null ? "no action reported" : d.action()));
    }
    if (p.processingErrors() != null && p.processingErrors() > 0) {
      notes.add(p.processingErrors() + " objects could not be scanned (processing errors)");
    }
    if (p.passwordProtected() != null && p.passwordProtected() > 0) {
      notes.add(p.passwordProtected() + " password-protected objects were not scanned");
    }
    if (p.corrupted() != null && p.corrupted() > 0) {
      notes.add(p.corrupted() + " corrupted objects were skipped");
    }
    return notes;
  }

  private static String describe(List<KvrtDetection> list) {
    List<String> parts = new ArrayList<>();
    for (KvrtDetection d : list.subList(0, Math.min(MAX_LISTED, list.size()))) {
      parts.add(
          d.threat()
              + " on "
              + d.objectPath()
              + " ("
              + (d.action() == null ? "no action" : d.action())
              + ")");
    }
    String s = String.join(", ", parts);
    return list.size() > MAX_LISTED ? s + " and " + (list.size() - MAX_LISTED) + " more" : s;
  }

  private static String threats(long n) {
    return n + (n == 1 ? " threat" : " threats");
  }
}
