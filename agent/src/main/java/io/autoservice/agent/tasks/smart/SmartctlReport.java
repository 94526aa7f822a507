package io.autoservice.agent.tasks.smart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.agent.tasks.support.JsonPuts;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what one {@code smartctl_report} run found (drives, skipped devices, per-device errors)
 * and turns it into the outcome: the status rules of {@link SmartctlReportHandler} live here.
 */
final class SmartctlReport {
  private final ArrayNode scanCommand;
  private final ArrayNode drives = Json.array();
  private final ArrayNode skipped = Json.array();
  private final ArrayNode errors = Json.array();
  private final List<String> failing = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();
  private final List<String> prefail = new ArrayList<>();
  private final List<String> selfTest = new ArrayList<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int passed;
  private int queried;
  private Integer scanExit;

  SmartctlReport(List<String> scanCommand) {
    this.scanCommand = JsonPuts.strings(scanCommand);
  }

  void scanExit(Integer code) {
    this.scanExit = code;
  }

  void queried(int n) {
    queried = n;
  }

  void skip(String device, String reason, String detail) {
    ObjectNode s = skipped.addObject().put("device", device).put("reason", reason);
    if (detail != null && !detail.isBlank()) {
      s.put("note", detail);
    }
    if (reason.equals("requested_but_missing")) {
      missing.add(device);
    }
  }

  void error(String device, String error, List<String> command, Integer exitCode) {
    ObjectNode e = errors.addObject().put("device", device).put("error", error);
    if (exitCode != null) {
      e.put("exit_code", exitCode.intValue());
    }
    e.set("command", JsonPuts.strings(command));
  }

  /** A drive smartctl read, with the run's exit code and messages; {@code raw} for {@code full}. */
  void drive(
      SmartDrive d, int exitCode, List<String> messages, List<String> command, ObjectNode raw) {
    ObjectNode n = d.toJson();
    n.put("exit_code", exitCode);
    n.set("exit_notes", JsonPuts.strings(SmartctlExitStatus.notes(exitCode)));
    n.set("messages", JsonPuts.strings(messages));
    n.set("command", JsonPuts.strings(command));
    if (raw != null) {
      n.set("raw", raw);
    }
    drives.add(n);
    String who = d.name() + " (" + d.modelName() + ")";
    boolean failed =
        Boolean.FALSE.equals(d.healthPassed())
            || SmartctlExitStatus.has(exitCode, SmartctlExitStatus.DISK_FAILING);
    if (failed) {
      failing.add(who);
    } else if (d.healthPassed() == null) {
      unknown.add(who);
    } else {
      passed++;
    }
    if (SmartctlExitStatus.has(exitCode, SmartctlExitStatus.PREFAIL_NOW)) {
      prefail.add(who);
    }
    if (SmartctlExitStatus.has(exitCode, SmartctlExitStatus.SELF_TEST_LOG)) {
      selfTest.add(who);
    }
    notes.add(
        d.name()
            + ": "
            + d.modelName()
            + ", SMART "
            + d.healthText()
            + (d.powerOnHours() == null
                ? ""
                : String.format(java.util.Locale.ROOT, ", %,d hours", d.powerOnHours()))
            + (d.temperature() == null ? "" : ", " + d.temperature()));
  }

  /** The outcome, by the rules in {@link SmartctlReportHandler}'s class comment. */
  TaskOutcome outcome(boolean devicesRequested) {
    TaskStatus status;
    String reason = null;
    String verdict;
    if (drives.isEmpty()) {
      if (!errors.isEmpty()) {
        status = TaskStatus.ERROR;
        reason = "no drive could be read: " + errorList();
        verdict = "No drive could be read";
      } else if (devicesRequested && !missing.isEmpty()) {
        status = TaskStatus.ERROR;
        reason =
            "none of the requested devices was found by smartctl --scan: "
                + String.join(", ", missing);
        verdict = "Requested devices not found";
      } else {
        status = TaskStatus.SKIPPED;
        reason =
            "no drives found by smartctl --scan"
                + (skipped.isEmpty() ? "" : " (skipped: " + skippedList() + ")");
        verdict = "No drives found";
      }
    } else {
      List<String> problems = new ArrayList<>();
      if (!failing.isEmpty()) {
        problems.add("SMART health check FAILED on " + String.join(", ", failing));
      }
      if (!prefail.isEmpty()) {
        problems.add("prefail attributes at or below threshold on " + String.join(", ", prefail));
      }
      if (!selfTest.isEmpty()) {
        problems.add("self-test log records errors on " + String.join(", ", selfTest));
      }
      if (!unknown.isEmpty()) {
        problems.add("SMART health could not be read on " + String.join(", ", unknown));
      }
      if (!errors.isEmpty()) {
        problems.add(
            errors.size() + " of " + queried + " devices could not be read: " + errorList());
      }
      if (!missing.isEmpty()) {
        problems.add("requested devices not found: " + String.join(", ", missing));
      }
      status = problems.isEmpty() ? TaskStatus.SUCCESS : TaskStatus.WARNING;
      reason = problems.isEmpty() ? null : String.join("; ", problems);
      verdict =
          !failing.isEmpty()
              ? failing.size() + " of " + drives.size() + " drives FAILED the SMART health check"
              : passed == drives.size()
                  ? "All "
                      + drives.size()
                      + (drives.size() == 1 ? " drive" : " drives")
                      + " passed the SMART health check"
                  : passed
                      + " of "
                      + drives.size()
                      + " drives passed the SMART health check ("
                      + unknown.size()
                      + " unknown)";
    }

    ObjectNode results = Json.object();
    results.set("drives", drives);
    results.put("queried_devices", queried);
    results.set("scan_command", scanCommand);
    results.set("skipped_devices", skipped);
    results.set("errors", errors);
    if (scanExit != null) {
      results.put("scan_exit_code", scanExit.intValue());
    }
    if (status == TaskStatus.ERROR) {
      results.put("error", reason);
    }

    ObjectNode hr = Json.object();
    hr.put("verdict", verdict);
    hr.put("drives_reported", drives.size());
    hr.put("drives_passed", passed);
    hr.put("drives_failed", failing.size());
    hr.put("drives_unknown", unknown.size());
    hr.put("devices_skipped", skipped.size());
    hr.put("devices_errored", errors.size());
    hr.set("notes", JsonPuts.strings(notes));
    if (reason != null) {
      hr.put("reason", reason);
    }
    return TaskOutcome.of(status, hr, results).withExtra("command", scanCommand.deepCopy());
  }

  private String errorList() {
    List<String> parts = new ArrayList<>();
    errors.forEach(
        e -> parts.add(e.path("device").asText() + " (" + e.path("error").asText() + ")"));
    return String.join(", ", parts);
  }

  private String skippedList() {
    List<String> parts = new ArrayList<>();
    skipped.forEach(s -> parts.add(s.path("device").asText() + " " + s.path("reason").asText()));
    return String.join(", ", parts);
  }
}
