package io.autoservice.controller.alerts;

import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import io.autoservice.common.result.TaskResult;
import io.autoservice.common.result.TaskStatus;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.AlertScope;
import io.autoservice.controller.model.RunRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules on a finished run: the task field rules (built-in and custom), {@code task_error} (any
 * task that ended in error), {@code run_expired} (the run was never delivered), and the trend rule
 * {@code smart_errors_grew} (needs the PC's previous drive report). Each evaluation also says what
 * it looked at ({@link AlertScope}s), so alerts the run no longer shows resolve.
 */
final class ReportRules {
  static final String SMART_HEALTH = "smart_health_failed";
  static final String SMART_WEAR = "smart_wear";
  static final String DISK_SPACE = "disk_space";
  static final String SFC = "sfc_not_repaired";
  static final String BATTERY = "battery_critical";
  static final String TASK_ERROR = "task_error";
  static final String RUN_EXPIRED = "run_expired";
  static final String SMART_GREW = SmartCountersGrew.RULE;
  static final String AGENT_OFFLINE = FleetRules.AGENT_OFFLINE;
  static final String SCHEDULE_MISSED = FleetRules.SCHEDULE_MISSED;

  /** Every built-in rule's name, each on unless {@code alerts.disabled_rules} names it. */
  static final Set<String> BUILT_IN =
      Set.of(
          SMART_HEALTH,
          SMART_WEAR,
          DISK_SPACE,
          SFC,
          BATTERY,
          TASK_ERROR,
          RUN_EXPIRED,
          SMART_GREW,
          AGENT_OFFLINE,
          SCHEDULE_MISSED);

  /** What one run showed. */
  record Evaluation(List<AlertFinding> findings, List<AlertScope> scopes) {}

  private final List<TaskFieldRule> fieldRules;
  private final AlertSettings settings;

  ReportRules(AlertSettings settings) {
    this.settings = settings;
    List<TaskFieldRule> rules = new ArrayList<>();
    for (TaskFieldRule r : builtIn(settings)) {
      if (settings.ruleOn(r.name())) {
        rules.add(r);
      }
    }
    if (settings.enabled()) {
      for (AlertSettings.CustomRule c : settings.customRules()) {
        rules.add(
            new TaskFieldRule(
                c.name(),
                c.taskType(),
                c.items(),
                c.subjectKey(),
                List.of(
                    new FieldCondition(
                        c.field(),
                        FieldCondition.Op.parse(c.op(), "alerts.custom_rules.op"),
                        c.value())),
                c.severity(),
                c.message() == null || c.message().isBlank()
                    ? c.taskType() + ": " + c.field() + " is {" + c.field() + "}"
                    : c.message()));
      }
    }
    this.fieldRules = List.copyOf(rules);
  }

  static List<TaskFieldRule> builtIn(AlertSettings s) {
    return List.of(
        new TaskFieldRule(
            SMART_HEALTH,
            "smartctl_report",
            "drives",
            "name",
            List.of(new FieldCondition("health_passed", FieldCondition.Op.EQ, "false")),
            "critical",
            "drive {subject} ({model_name}, SN {serial_number}) FAILED its SMART health check"),
        new TaskFieldRule(
            SMART_WEAR,
            "smartctl_report",
            "drives",
            "name",
            List.of(
                new FieldCondition(
                    "wear_level_percent_used",
                    FieldCondition.Op.GTE,
                    String.valueOf(s.smartWearPercent()))),
            "warning",
            "drive {subject} ({model_name}) is {wear_level_percent_used}% worn (alert at "
                + s.smartWearPercent()
                + "%)"),
        new TaskFieldRule(
            DISK_SPACE,
            "disk_space_report",
            "drives",
            "drive",
            List.of(
                new FieldCondition(
                    "usage_percent", FieldCondition.Op.GTE, String.valueOf(s.diskUsedPercent()))),
            "warning",
            "volume {subject} is {usage_percent}% full ({free_gb} GB free; alert at "
                + s.diskUsedPercent()
                + "%)"),
        new TaskFieldRule(
            SFC,
            "sfc_scan",
            "",
            "",
            List.of(
                new FieldCondition("integrity_violations", FieldCondition.Op.EQ, "true"),
                new FieldCondition("repairs_successful", FieldCondition.Op.NE, "true")),
            "critical",
            "SFC found system file violations it could not repair"),
        new TaskFieldRule(
            BATTERY,
            "battery_health_report",
            "",
            "",
            List.of(new FieldCondition("health_verdict", FieldCondition.Op.EQ, "Critical")),
            "warning",
            "battery health is Critical ({capacity_percent}% of design capacity left)"));
  }

  /**
   * What a finished run shows.
   *
   * @param previousSmart the PC's previous report holding a drive report, or null
   */
  Evaluation evaluate(RunRecord run, RunReport previousSmart) {
    List<AlertFinding> found = new ArrayList<>();
    List<AlertScope> scopes = new ArrayList<>();
    if (!settings.enabled()) {
      return new Evaluation(found, scopes);
    }
    String agent = run.agentId();
    RunReport report = run.report();
    List<TaskResult> tasks = report == null ? List.of() : report.tasks();
    for (TaskFieldRule rule : fieldRules) {
      Set<String> seen = new LinkedHashSet<>();
      boolean observed = false;
      for (TaskResult t : tasks) {
        if (!rule.observes(t)) {
          continue;
        }
        observed = true;
        seen.addAll(rule.subjects(t));
        for (TaskFieldRule.Hit h : rule.evaluate(t)) {
          found.add(finding(rule.name(), run, h.subject(), rule.severity(), h.message()));
        }
      }
      if (observed) {
        // A drive that vanished from the report (unplugged) resolves too: any subject.
        scopes.add(new AlertScope(rule.name(), agent, null));
      }
    }
    if (settings.ruleOn(TASK_ERROR)) {
      Set<String> types = new HashSet<>();
      for (TaskResult t : tasks) {
        types.add(t.taskType());
        if (t.status() == TaskStatus.ERROR) {
          found.add(
              finding(
                  TASK_ERROR,
                  run,
                  t.taskType(),
                  "warning",
                  "task " + t.taskType() + " ended in error: " + t.reason()));
        }
      }
      scopes.add(new AlertScope(TASK_ERROR, agent, types));
    }
    if (settings.ruleOn(RUN_EXPIRED)) {
      if (run.status() == RunStatus.EXPIRED) {
        found.add(
            finding(
                RUN_EXPIRED,
                run,
                "",
                "warning",
                "run "
                    + run.runId()
                    + " expired: "
                    + (run.error() == null ? "not delivered in time" : run.error())));
      } else {
        scopes.add(new AlertScope(RUN_EXPIRED, agent, null));
      }
    }
    if (settings.ruleOn(SMART_GREW)) {
      SmartCountersGrew.evaluate(run, previousSmart, found, scopes);
    }
    if (settings.ruleOn(SCHEDULE_MISSED) && run.status() != RunStatus.EXPIRED) {
      // The PC ran something since: a missed occurrence is behind it.
      scopes.add(new AlertScope(SCHEDULE_MISSED, agent, null));
    }
    return new Evaluation(found, scopes);
  }

  /** Whether the trend rule needs the previous drive report for this run. */
  boolean wantsPrevious(RunRecord run) {
    return settings.ruleOn(SMART_GREW) && SmartCountersGrew.hasDriveReport(run.report());
  }

  static AlertFinding finding(
      String rule, RunRecord run, String subject, String severity, String message) {
    return new AlertFinding(
        rule, run.agentId(), subject, run.hostname(), severity, message, run.runId());
  }
}
