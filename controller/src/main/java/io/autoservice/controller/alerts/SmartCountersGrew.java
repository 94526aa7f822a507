package io.autoservice.controller.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import io.autoservice.controller.model.RunRecord;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trend rule {@code smart_errors_grew}: a drive's reallocated sectors (the agent's {@code
 * reallocated_sectors}, else ATA attribute 5 in the drive's raw smartctl JSON when the report
 * carries it) or, failing that, its media errors (NVMe) are higher than in the PC's previous drive
 * report. Drives are matched by serial number (by name when the serial is unknown). It resolves at
 * the next report that shows no growth.
 */
final class SmartCountersGrew {
  static final String RULE = "smart_errors_grew";

  private SmartCountersGrew() {}

  static boolean hasDriveReport(RunReport r) {
    return r != null && r.tasks().stream().anyMatch(SmartCountersGrew::isDriveReport);
  }

  private static boolean isDriveReport(TaskResult t) {
    return t.taskType().equals("smartctl_report")
        && (t.status() == TaskStatus.SUCCESS || t.status() == TaskStatus.WARNING);
  }

  static void evaluate(
      RunRecord run, RunReport previous, List<AlertFinding> found, List<AlertScope> scopes) {
    if (!hasDriveReport(run.report())) {
      return;
    }
    Map<String, Counter> now = counters(run.report());
    Map<String, Counter> before = previous == null ? Map.of() : counters(previous);
    Set<String> subjects = new LinkedHashSet<>();
    for (Map.Entry<String, Counter> e : now.entrySet()) {
      Counter c = e.getValue();
      subjects.add(c.drive());
      Counter old = before.get(e.getKey());
      if (old != null && old.kind().equals(c.kind()) && c.value() > old.value()) {
        found.add(
            ReportRules.finding(
                RULE,
                run,
                c.drive(),
                "critical",
                "drive "
                    + c.drive()
                    + ": "
                    + c.kind()
                    + " grew from "
                    + old.value()
                    + " to "
                    + c.value()
                    + " since the previous report"));
      }
    }
    scopes.add(new AlertScope(RULE, run.agentId(), subjects));
  }

  /** One drive's counter: what it counts and its value. */
  record Counter(String drive, String kind, long value) {}

  static Map<String, Counter> counters(RunReport r) {
    Map<String, Counter> out = new HashMap<>();
    for (TaskResult t : r.tasks()) {
      if (!isDriveReport(t)) {
        continue;
      }
      for (JsonNode d : ResultFields.items(t, "drives")) {
        String name = ResultFields.text(d, "name");
        String serial = ResultFields.text(d, "serial_number");
        String key = serial.equals("?") || serial.equals("Unknown") ? "name:" + name : serial;
        Long realloc = count(d.path("reallocated_sectors"));
        if (realloc == null) {
          realloc = reallocated(d.path("raw"));
        }
        if (realloc != null) {
          out.put(key, new Counter(name, "reallocated sectors", realloc));
        } else if (d.path("media_errors").canConvertToLong()
            && d.path("media_errors").isIntegralNumber()) {
          out.put(key, new Counter(name, "media errors", d.path("media_errors").asLong()));
        }
      }
    }
    return out;
  }

  /** A non-negative whole count, or null (absent, text, fractional or negative: hostile). */
  private static Long count(JsonNode v) {
    return v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
  }

  /** ATA attribute 5's raw value in a drive's raw smartctl JSON, or null. */
  private static Long reallocated(JsonNode raw) {
    JsonNode table = raw.path("ata_smart_attributes").path("table");
    if (!table.isArray()) {
      return null;
    }
    int seen = 0;
    for (JsonNode a : table) {
      if (++seen > 256) {
        return null;
      }
      if (a.path("id").asInt(-1) == 5) {
        JsonNode v = a.path("raw").path("value");
        return v.isIntegralNumber() && v.canConvertToLong() ? v.asLong() : null;
      }
    }
    return null;
  }
}
