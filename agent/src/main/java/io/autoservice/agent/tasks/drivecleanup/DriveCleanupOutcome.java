package io.autoservice.agent.tasks.drivecleanup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.agent.tasks.support.Tails;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a DriveCleanup run into the task's outcome (status rules in {@link DriveCleanupHandler}).
 * Pure.
 */
final class DriveCleanupOutcome {
  static final int STDOUT_EXCERPT = 2000;
  static final int STDERR_EXCERPT = 1200;
  static final int PREVIEW_LINES = 10;

  /** How the notes name each total. */
  private static final Map<String, String[]> NAMES =
      Map.of(
          "usb_devices_removed", new String[] {"USB device", "USB devices"},
          "usb_hubs_removed", new String[] {"USB hub", "USB hubs"},
          "disk_devices_removed", new String[] {"disk device", "disk devices"},
          "cdrom_devices_removed", new String[] {"CD-ROM device", "CD-ROM devices"},
          "floppy_devices_removed", new String[] {"floppy device", "floppy devices"},
          "storage_volumes_removed", new String[] {"storage volume", "storage volumes"},
          "wpd_devices_removed", new String[] {"portable device (WPD)", "portable devices (WPD)"},
          "registry_items_removed", new String[] {"registry item", "registry items"});

  private DriveCleanupOutcome() {}

  /** Options for the result: whether to list items and the full output. */
  record Options(boolean includeItems, boolean includeFullOutput) {}

  static TaskOutcome build(
      DriveCleanupCommand cmd,
      DriveCleanupOutput out,
      Options opt,
      int exitCode,
      List<String> stdoutLines,
      List<String> stderrLines,
      String stopped) {
    String stdout = String.join("\n", stdoutLines);
    boolean testOnly = cmd.intent().path("test_only").asBoolean();
    boolean usageOnly = out.usage() && out.noCounts() && out.itemsTotal() == 0;
    TaskStatus status;
    String verdict;
    String reason = null;
    boolean unreadable = false;
    List<String> notes = new ArrayList<>();
    if (stopped != null) {
      status = TaskStatus.ERROR;
      verdict = "error";
      reason = stopped + ".";
    } else if (usageOnly && cmd.additionalArgs().isEmpty()) {
      status = TaskStatus.SUCCESS;
      verdict = "nothing_done";
      notes.add(
          "DriveCleanup printed its usage text and removed nothing (exit code "
              + exitCode
              + "); as in the original runner this counts as a no-op, not a failure");
    } else if (usageOnly) {
      status = TaskStatus.ERROR;
      verdict = "error";
      reason =
          "DriveCleanup printed its usage text: it did not accept the arguments "
              + String.join(" ", cmd.additionalArgs())
              + ".";
    } else if (exitCode != 0) {
      status = TaskStatus.ERROR;
      verdict = "error";
      String last =
          Tails.lastLine(stderrLines).isEmpty()
              ? Tails.lastLine(stdoutLines)
              : Tails.lastLine(stderrLines);
      reason =
          "DriveCleanup failed with exit code " + exitCode + (last.isEmpty() ? "." : ": " + last);
    } else if (out.noCounts() && out.itemsTotal() == 0) {
      status = TaskStatus.WARNING;
      verdict = "unknown";
      unreadable = true;
      String last = Tails.lastLine(stdoutLines);
      reason =
          "DriveCleanup finished but printed no totals (unrecognised output)"
              + (last.isEmpty() ? "; it printed nothing." : "; last line: " + last);
    } else {
      status = TaskStatus.SUCCESS;
      long all = out.devicesRemoved() + out.registryItemsRemoved();
      verdict =
          testOnly
              ? "test_only"
              : all > 0 || out.itemsTotal() > 0 ? "removed" : "nothing_to_remove";
    }
    if (testOnly) {
      notes.add(
          "Test mode (-t): nothing was removed; the counts are what DriveCleanup would remove");
    }
    for (Map.Entry<String, Long> e : out.counts().entrySet()) {
      if (e.getValue() != null && e.getValue() > 0) {
        String[] n = NAMES.get(e.getKey());
        notes.add(
            (testOnly ? "Would remove " : "Removed ")
                + e.getValue()
                + " "
                + (e.getValue() == 1 ? n[0] : n[1]));
      }
    }
    if ("nothing_to_remove".equals(verdict)) {
      notes.add("No stale drives, volumes or registry entries found");
    }

    ObjectNode results = Json.object();
    results.put("version", out.version());
    results.put("arch", out.arch());
    results.set("intent", cmd.intent().deepCopy());
    ObjectNode counts = results.putObject("counts");
    out.counts().forEach((k, v) -> JsonPuts.put(counts, k, v));
    results.put("removed_items_total", out.itemsTotal());
    results.put(
        "removed_items_truncated", opt.includeItems() && out.itemsTotal() > out.items().size());
    results.put("exit_code", exitCode);
    results.put("stdout_excerpt", Tails.lastChars(stdout, STDOUT_EXCERPT));
    results.put("stderr_excerpt", Tails.lastChars(String.join("\n", stderrLines), STDERR_EXCERPT));
    if (opt.includeItems()) {
      ArrayNode items = results.putArray("removed_items");
      out.items().forEach(i -> items.addObject().put("category", i.category()).put("id", i.id()));
    }
    if (opt.includeFullOutput()) {
      results.put("stdout_full", stdout);
    }
    if (unreadable) {
      results.put("output_preview", Tails.lastLines(stdoutLines, PREVIEW_LINES));
    }
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", verdict);
    hr.put("test_only", testOnly);
    hr.put("devices_removed", out.devicesRemoved());
    hr.put("registry_items_removed", out.registryItemsRemoved());
    ArrayNode n = hr.putArray("notes");
    notes.forEach(n::add);
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results);
  }

  /** An error before DriveCleanup ran (tool missing, bad parameter). */
  static TaskOutcome error(String reason) {
    return TaskOutcome.reason(TaskStatus.ERROR, reason, Json.object().put("error", reason));
  }
}
