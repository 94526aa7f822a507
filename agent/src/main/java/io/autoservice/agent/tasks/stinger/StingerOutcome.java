package io.autoservice.agent.tasks.stinger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.Durations;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a finished Stinger run into the task's outcome (status rules in {@link
 * StingerScanHandler}). Pure.
 */
final class StingerOutcome {
  static final int EXCERPT_CHARS = 1200;
  static final int MAX_LISTED = 3;

  private StingerOutcome() {}

  /**
   * What one run left behind.
   *
   * @param log the parsed log, or null when none was written
   * @param logFile the log's path, or null
   * @param exitCode Stinger's exit code (-1 when it was stopped at the timeout)
   * @param stopped why the run was stopped by us ("timeout", or a cancel reason), else null
   * @param health {@code ok}, {@code log_idle} or {@code timed_out}
   */
  record Run(
      StingerLog log,
      String logFile,
      int exitCode,
      String stdout,
      String stderr,
      String stopped,
      boolean timedOut,
      String health,
      double seconds,
      java.time.Duration timeout) {}

  static TaskOutcome build(StingerCommand cmd, Run r) {
    StingerLog log = r.log();
    List<StingerInfection> infections = log == null ? List.of() : log.infections();
    TaskStatus status;
    String verdict;
    String reason = null;
    String hint = null;
    if (r.timedOut()) {
      status = TaskStatus.ERROR;
      verdict = "incomplete";
      hint = hint(-1);
      reason =
          "Stinger did not finish within "
              + Durations.text(r.timeout())
              + " and was stopped"
              + (log == null
                  ? "; it wrote no log."
                  : "; its log so far lists " + infected(infections.size()) + ".");
    } else if (r.stopped() != null) {
      status = TaskStatus.ERROR;
      verdict = "incomplete";
      reason = "Stinger was stopped (" + r.stopped() + ").";
    } else if (log == null) {
      status = TaskStatus.ERROR;
      verdict = "error";
      hint =
          r.exitCode() == 0
              ? "Stinger wrote no log: check that logs_dir is writable and that no other antivirus blocks Stinger."
              : hint(r.exitCode());
      reason =
          "Stinger wrote no log (Stinger_*.html) in "
              + cmd.logsDir()
              + (r.exitCode() == 0 ? "." : " and exited with code " + r.exitCode() + ": " + hint);
    } else if (r.exitCode() != 0) {
      status = TaskStatus.ERROR;
      verdict = "error";
      hint = hint(r.exitCode());
      reason = "Stinger exited with code " + r.exitCode() + ": " + hint;
    } else if (log.infected()) {
      status = TaskStatus.WARNING;
      boolean delete = cmd.action().equals("delete");
      verdict = delete ? "infections_removed" : "infections_reported";
      long n = Math.max(infections.size(), log.infectedFiles() == null ? 0 : log.infectedFiles());
      reason =
          "Stinger found "
              + infected(n)
              + (delete ? " (action: delete)" : " (report only, nothing was removed)")
              + (infections.isEmpty() ? "; see its log." : ": " + describe(infections) + ".");
    } else if (!log.hasSummary()) {
      status = TaskStatus.WARNING;
      verdict = "unknown";
      reason =
          "Stinger's log holds no scan summary (the scan may not have completed): " + r.logFile();
    } else {
      status = TaskStatus.SUCCESS;
      verdict = "clean";
    }

    ObjectNode results = Json.object();
    results.set("intent", cmd.intent().deepCopy());
    results.put("version", log == null ? null : log.version());
    results.put("engine_version", log == null ? null : log.engineVersion());
    results.put("virus_data_version", log == null ? null : log.virusDataVersion());
    JsonPuts.put(results, "virus_count", log == null ? null : log.virusCount());
    results.put("scan_start_time", log == null ? null : log.scanStartTime());
    results.put("scan_end_time", log == null ? null : log.scanEndTime());
    JsonPuts.put(results, "total_files", log == null ? null : log.totalFiles());
    JsonPuts.put(results, "clean_files", log == null ? null : log.cleanFiles());
    JsonPuts.put(results, "not_scanned", log == null ? null : log.notScanned());
    JsonPuts.put(results, "infected_files", log == null ? null : log.infectedFiles());
    ArrayNode list = results.putArray("infections");
    for (StingerInfection i : infections) {
      list.addObject()
          .put("file_path", i.filePath())
          .put("md5", i.md5())
          .put("threat_name", i.threatName());
    }
    if (log != null && !log.parseErrors().isEmpty()) {
      ArrayNode pe = results.putArray("parse_errors");
      log.parseErrors().forEach(pe::add);
    }
    results.put("log_file", r.logFile());
    results.put("exit_code", r.exitCode());
    results.put("stdout_excerpt", Tails.lastChars(r.stdout(), EXCERPT_CHARS));
    results.put("stderr_excerpt", Tails.lastChars(r.stderr(), EXCERPT_CHARS));
    results.put("timed_out", r.timedOut());
    results.put("scan_duration_seconds", Json.round(r.seconds(), 1));
    results.put("health_check_status", r.health());
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
      if (hint != null) {
        results.put("error_hint", hint);
      }
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", verdict);
    JsonPuts.put(hr, "files_scanned", log == null ? null : log.totalFiles());
    hr.put("infections_found", infections.size());
    ArrayNode notes = hr.putArray("notes");
    notes(log, infections).forEach(notes::add);
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /**
   * An error before Stinger ran (tool missing, bad parameter): {@code error} and {@code
   * error_hint}.
   */
  static TaskOutcome invalid(String reason, String hint) {
    ObjectNode results = Json.object().put("error", reason).put("error_hint", hint);
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }

  /** What an exit code means (1 general, 5 access denied, -1 timeout). */
  static String hint(int exitCode) {
    return switch (exitCode) {
      case 1 -> "general error: see Stinger's log and run the scan again.";
      case 5 -> "access denied: run the agent elevated (as administrator).";
      case -1 -> "the scan timed out: raise timeout_minutes or scan a smaller scan_path.";
      default -> "Stinger reported an unknown error (exit code " + exitCode + ").";
    };
  }

  private static List<String> notes(StingerLog log, List<StingerInfection> infections) {
    List<String> notes = new ArrayList<>();
    if (log == null) {
      return notes;
    }
    if (infections.isEmpty() && log.hasSummary() && !log.infected()) {
      notes.add(
          "No infections found"
              + (log.totalFiles() == null ? "" : " in " + files(log.totalFiles()) + " scanned"));
    }
    for (StingerInfection i : infections) {
      notes.add(i.filePath() + ": " + i.threatName());
    }
    if (log.notScanned() != null && log.notScanned() > 0) {
      notes.add(files(log.notScanned()) + " could not be scanned");
    }
    if (log.version() != null) {
      notes.add(
          "Stinger "
              + log.version()
              + (log.virusDataVersion() == null ? "" : ", virus data " + log.virusDataVersion())
              + (log.virusCount() == null ? "" : " (" + log.virusCount() + " threats known)"));
    }
    return notes;
  }

  private static String describe(List<StingerInfection> list) {
    List<String> parts = new ArrayList<>();
    for (StingerInfection i : list.subList(0, Math.min(MAX_LISTED, list.size()))) {
      parts.add(i.filePath() + " (" + i.threatName() + ")");
    }
    String s = String.join(", ", parts);
    return list.size() > MAX_LISTED ? s + " and " + (list.size() - MAX_LISTED) + " more" : s;
  }

  private static String infected(long n) {
    return n + (n == 1 ? " infected file" : " infected files");
  }

  private static String files(long n) {
    return n + (n == 1 ? " file" : " files");
  }
}
