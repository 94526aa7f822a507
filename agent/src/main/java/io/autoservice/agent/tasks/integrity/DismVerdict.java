package io.autoservice.agent.tasks.integrity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.tasks.TaskOutcome;
import io.autoservice.common.json.Json;
import io.autoservice.common.result.TaskStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns the DISM steps of one {@code dism_health_check} run into its outcome: the overall status
 * and the result keys (see {@link DismHealthCheckHandler} for the rules). Pure.
 */
final class DismVerdict {
  private DismVerdict() {}

  /** {@code checkhealth} → {@code CheckHealth}, as DISM spells its options. */
  static final Map<String, String> DISPLAY =
      Map.of(
          "checkhealth",
          "CheckHealth",
          "scanhealth",
          "ScanHealth",
          "restorehealth",
          "RestoreHealth");

  /**
   * One DISM run.
   *
   * @param action {@code checkhealth}, {@code scanhealth} or {@code restorehealth}
   * @param command the argument list it ran with
   * @param returnCode its exit code
   * @param parsed what its output said ({@code repairSuccess} already settled)
   * @param stderr its standard error, trimmed
   */
  record Step(
      String action, List<String> command, int returnCode, DismStepOutput parsed, String stderr) {
    /** The original's step success: not refused, source files found, exit code 0. */
    boolean success() {
      return !parsed.accessDenied() && !parsed.sourceFilesMissing() && returnCode == 0;
    }

    String display() {
      return DISPLAY.getOrDefault(action, action);
    }

    /** The step's own error sentence (the original's {@code parsed.error}), or null. */
    String error() {
      if (parsed.accessDenied()) {
        return "Access denied. DISM requires administrator privileges.";
      }
      if (parsed.sourceFilesMissing()) {
        return "Source files not available. Check Windows Update or specify /Source.";
      }
      if (returnCode != 0) {
        return parsed.errorCode() != null
            ? "DISM failed with error code " + parsed.errorCode()
            : "DISM failed with exit code " + returnCode;
      }
      return null;
    }
  }

  /**
   * The outcome of the steps that ran; {@code abort} is the reason the run stopped early (a timeout
   * or a start failure, during {@code abortAction}), or null.
   */
  static TaskOutcome outcome(List<Step> steps, String abort, String abortAction) {
    TaskStatus status;
    String sentence;
    List<Step> failed = steps.stream().filter(s -> !s.success()).toList();
    List<Step> unread =
        steps.stream().filter(s -> s.success() && !s.parsed().verdictKnown()).toList();
    boolean corrupt = false;
    boolean repaired = false;
    for (Step s : steps) {
      String h = s.parsed().healthState();
      if ("repairable".equals(h) || "corrupted".equals(h)) {
        corrupt = true;
      } else if ("repaired".equals(h)
          || (corrupt
              && s.action().equals("restorehealth")
              && Boolean.TRUE.equals(s.parsed().repairSuccess()))) {
        corrupt = false;
        repaired = true;
      }
    }
    if (abort != null) {
      status = TaskStatus.ERROR;
      sentence = abort;
    } else if (steps.isEmpty()) {
      status = TaskStatus.ERROR;
      sentence = "No DISM operation ran.";
    } else if (failed.stream().anyMatch(s -> s.parsed().accessDenied())) {
      status = TaskStatus.ERROR;
      sentence =
          "DISM requires administrator rights (error 740): run the agent elevated (as administrator).";
    } else if (failed.stream().anyMatch(s -> s.parsed().sourceFilesMissing())) {
      status = TaskStatus.WARNING;
      sentence =
          "Source files for the repair could not be found (0x800f081f): the component store may"
              + " still be damaged; check Windows Update or give DISM a repair source (/Source).";
    } else if (!failed.isEmpty()) {
      Step f = failed.get(0);
      status = TaskStatus.ERROR;
      sentence =
          "One or more DISM operations failed: "
              + f.display()
              + " exited with code "
              + f.returnCode()
              + (f.parsed().errorCode() != null ? " (error " + f.parsed().errorCode() + ")" : "")
              + lastLineSuffix(f.parsed().message());
    } else if (corrupt) {
      status = TaskStatus.WARNING;
      sentence =
          steps.stream().anyMatch(s -> s.action().equals("restorehealth"))
              ? "Component store corruption detected and RestoreHealth did not report a repair: run DISM"
                  + " /RestoreHealth again (with a repair source if needed)."
              : "Component store corruption detected but not repaired: run DISM /RestoreHealth.";
    } else if (!unread.isEmpty()) {
      status = TaskStatus.WARNING;
      sentence =
          "DISM finished but its verdict could not be read for "
              + String.join(", ", unread.stream().map(Step::display).toList())
              + " (unrecognised or non-English output)"
              + lastLineSuffix(unread.get(0).parsed().message());
    } else if (repaired) {
      status = TaskStatus.SUCCESS;
      sentence = "Component store corruption was repaired.";
    } else {
      status = TaskStatus.SUCCESS;
      sentence = "Component store is healthy. No corruption detected.";
    }

    ObjectNode results = Json.object();
    ArrayNode stepsJson = results.putArray("steps");
    List<String> lines = new ArrayList<>();
    ObjectNode last = null;
    for (Step s : steps) {
      last = parsedJson(s);
      ObjectNode step = stepsJson.addObject();
      step.put("action", s.action());
      step.put("return_code", s.returnCode());
      step.set("parsed", last);
      step.put("stderr", s.stderr() == null ? "" : s.stderr());
      ArrayNode cmd = step.putArray("command");
      s.command().forEach(cmd::add);
      step.put("success", s.success());
      lines.add(s.display() + ": " + describe(s));
    }
    if (last != null) {
      for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = last.fields();
          it.hasNext(); ) {
        Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f = it.next();
        if (!f.getKey().equals("error")) {
          results.set(f.getKey(), f.getValue().deepCopy());
        }
      }
    }
    if (abortAction != null) {
      results.put("action", abortAction);
    }
    results.put(
        status == TaskStatus.SUCCESS
            ? "verdict"
            : status == TaskStatus.WARNING ? "warning" : "error",
        sentence);

    ObjectNode hr = Json.object().put("verdict", sentence);
    ArrayNode stepLines = hr.putArray("steps");
    lines.forEach(stepLines::add);
    if (status != TaskStatus.SUCCESS) {
      hr.put("reason", sentence);
    }
    return TaskOutcome.of(status, hr, results);
  }

  private static ObjectNode parsedJson(Step s) {
    DismStepOutput p = s.parsed();
    ObjectNode o = Json.object();
    putText(o, "health_state", p.healthState());
    o.put("repair_attempted", p.repairAttempted());
    if (p.repairSuccess() == null) {
      o.putNull("repair_success");
    } else {
      o.put("repair_success", p.repairSuccess().booleanValue());
    }
    putText(o, "error_code", p.errorCode());
    o.put("access_denied", p.accessDenied());
    o.put("source_files_missing", p.sourceFilesMissing());
    o.put("operation_complete", p.operationComplete());
    o.put("corruption_detected", p.corruptionDetected());
    o.put("message", p.message());
    o.put("return_code", s.returnCode());
    String error = s.error();
    if (error != null) {
      o.put("error", error);
    }
    return o;
  }

  private static String describe(Step s) {
    DismStepOutput p = s.parsed();
    String state =
        p.healthState() != null
            ? p.healthState()
            : p.verdictKnown() ? "restore completed" : "no verdict read";
    if (p.restoreCompleted() && p.healthState() != null) {
      state += " (restore completed)";
    }
    if (!s.success()) {
      state += " — " + s.error();
    }
    return state;
  }

  private static String lastLineSuffix(String message) {
    int nl = message.lastIndexOf('\n');
    String last = (nl < 0 ? message : message.substring(nl + 1)).strip();
    return last.isEmpty() ? "." : "; last line: " + last;
  }

  private static void putText(ObjectNode o, String key, String value) {
    if (value == null) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }
}
