package io.autoservice.agent.tasks.adwcleaner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.process.ProcessResult;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one AdwCleaner run from its exit code and log (the status rules are in {@link
 * AdwCleanerCleanHandler}'s Javadoc). Pure.
 */
final class AdwCleanerOutcome {
  static final int EXCERPT_CHARS = 1000;
  static final int TAIL_LINES = 5;

  private AdwCleanerOutcome() {}

  /**
   * @param log the log found, or null
   * @param text its decoded text, or null when none was found or it could not be read
   * @param timedOut the reason when the run was stopped at its timeout, else null
   */
  static TaskOutcome build(
      ProcessResult run, Path workingPath, Path log, String text, String timedOut) {
    int exit = run.exitCode();
    String out = Tails.lastChars(run.stdout(), EXCERPT_CHARS);
    String err = Tails.lastChars(run.stderr(), EXCERPT_CHARS);
    if (timedOut != null || exit != 0 || log == null || text == null) {
      String reason;
      if (timedOut != null) {
        reason = timedOut + ".";
      } else if (exit != 0) {
        String last =
            Tails.lastLine(run.stderrLines().isEmpty() ? run.stdoutLines() : run.stderrLines());
        reason = "AdwCleaner exited with code " + exit + (last.isEmpty() ? "." : ": " + last);
      } else if (log == null) {
        reason =
            "No log file was generated: AdwCleaner wrote no AdwCleaner*.txt during this run to "
                + String.join(
                    " or ",
                    AdwCleanerLogs.folders(workingPath).stream().map(Path::toString).toList())
                + ".";
      } else {
        reason = "AdwCleaner's log " + log + " could not be read.";
      }
      ObjectNode results = Json.object();
      results.put("error", reason);
      String details =
          Tails.lastLines(
              run.stderrLines().isEmpty() ? run.stdoutLines() : run.stderrLines(), TAIL_LINES);
      results.put("details", details);
      results.put("working_path", workingPath.toString());
      results.put("exit_code", exit);
      results.put("stdout_excerpt", out);
      results.put("stderr_excerpt", err);
      return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
    }

    AdwCleanerLog p = AdwCleanerLogParser.parse(text);
    boolean scanOnly = "scan".equals(p.mode());
    int cleaned = p.cleaned() == null || scanOnly ? 0 : p.cleaned();
    int failed = p.failed() == null ? 0 : p.failed();
    TaskStatus status = TaskStatus.SUCCESS;
    String reason = null;
    if (!p.recognised()) {
      status = TaskStatus.WARNING;
      String tail = Tails.lastLines(List.of(text.split("\r\n|\r|\n")), 3).replace('\n', ' ');
      reason =
          "The log "
              + log.getFileName()
              + " is not an AdwCleaner log this agent can read"
              + (tail.isEmpty() ? "." : "; last lines: " + tail);
    } else if (failed > 0) {
      status = TaskStatus.WARNING;
      reason =
          "AdwCleaner could not remove "
              + failed
              + (failed == 1 ? " item" : " items")
              + (p.failedItems().isEmpty() ? "." : ": " + String.join("; ", p.failedItems()));
    } else if (scanOnly && p.detected() != null && p.detected() > 0) {
      status = TaskStatus.WARNING;
      reason =
          "AdwCleaner found "
              + p.detected()
              + " item(s) but wrote only a scan log: nothing was removed.";
    } else if (!p.eofFound()) {
      status = TaskStatus.WARNING;
      reason = "AdwCleaner's log ends before its EOF line: the results may be incomplete.";
    }

    ObjectNode results = Json.object();
    results.put("cleaned", cleaned);
    results.put("failed", failed);
    Map<String, List<String>> c = p.categories();
    for (String k :
        List.of("registry", "files", "folders", "services", "tasks", "shortcuts", "dlls", "wmi")) {
      JsonPuts.putStrings(results, k, c.get(k));
    }
    ObjectNode browsers = results.putObject("browsers");
    p.browsers().forEach((k, v) -> JsonPuts.putStrings(browsers, k, v));
    JsonPuts.putStrings(results, "preinstalled", c.get("preinstalled"));
    results.put("reboot_required", p.rebootRequired());
    JsonPuts.putStrings(results, "failed_items", p.failedItems());
    ObjectNode other = results.putObject("other");
    p.other().forEach((k, v) -> JsonPuts.putStrings(other, k, v));
    JsonPuts.put(results, "mode", p.mode());
    JsonPuts.put(results, "version", p.version());
    JsonPuts.put(results, "detected", p.detected());
    results.put("eof_found", p.eofFound());
    results.put("log_file", log.toString());
    results.put("working_path", workingPath.toString());
    results.put("exit_code", exit);
    results.put("stdout_excerpt", out);
    results.put("stderr_excerpt", err);

    ObjectNode hr = Json.object();
    hr.put(
        "verdict",
        cleaned > 0
            ? "AdwCleaner removed " + cleaned + (cleaned == 1 ? " item." : " items.")
            : failed > 0
                ? "AdwCleaner removed nothing."
                : "No adware or unwanted programs were removed.");
    ArrayNode notes = hr.putArray("notes");
    for (String k :
        List.of(
            "services",
            "folders",
            "files",
            "dlls",
            "wmi",
            "shortcuts",
            "tasks",
            "registry",
            "preinstalled")) {
      if (!c.get(k).isEmpty()) {
        notes.add(k + ": " + c.get(k).size());
      }
    }
    int browserItems = p.browsers().values().stream().mapToInt(List::size).sum();
    if (browserItems > 0) {
      notes.add("browsers: " + browserItems);
    }
    p.failedItems().forEach(f -> notes.add("Failed: " + f));
    if (p.rebootRequired()) {
      notes.add("Restart Windows to finish the clean-up.");
    }
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /** Before AdwCleaner ran: no program or no usable working folder. */
  static TaskOutcome failure(String reason, Path workingPath) {
    ObjectNode results = Json.object().put("error", reason);
    if (workingPath != null) {
      results.put("working_path", workingPath.toString());
    }
    return TaskOutcome.reason(TaskStatus.ERROR, reason, results);
  }
}
