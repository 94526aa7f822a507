package io.autoservice.controller.gateway;

import static io.autoservice.controller.limits.WireLimits.text;

import com.google.protobuf.Timestamp;
import io.autoservice.controller.limits.WireLimits;
import io.autoservice.controller.limits.WireLimits.FieldRefused;
import io.autoservice.proto.v1.CommandAck;
import io.autoservice.proto.v1.Heartbeat;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.LocalRunReport;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.OpenRun;
import io.autoservice.proto.v1.RunEvent;
import io.autoservice.proto.v1.RunReport;
import io.autoservice.proto.v1.TaskResult;

/**
 * {@link WireLimits} applied to every message an agent sends. Identity fields (ids, hostname,
 * labels, OS strings, supported task types) and times are refused ({@link FieldRefused}, the stream
 * ends {@code INVALID_ARGUMENT} naming the field); the text inside a run's events (output lines,
 * errors, task names echoed from the plan) is cut to its limit, so a run's result is never refused
 * for its length and an agent is never stuck resending an event the controller will not take.
 */
final class AgentMessageLimits {
  private AgentMessageLimits() {}

  static void hello(Hello h) {
    WireLimits.agentId("hello.agent_id", h.getAgentId());
    MachineInfo m = h.getMachine();
    WireLimits.identity("hello.machine.hostname", m.getHostname(), WireLimits.HOSTNAME, false);
    WireLimits.identity("hello.machine.os_name", m.getOsName(), WireLimits.MACHINE_TEXT, true);
    WireLimits.identity(
        "hello.machine.os_version", m.getOsVersion(), WireLimits.MACHINE_TEXT, true);
    WireLimits.identity(
        "hello.machine.agent_version", m.getAgentVersion(), WireLimits.MACHINE_TEXT, true);
    WireLimits.identity("hello.machine.username", m.getUsername(), WireLimits.MACHINE_TEXT, true);
    WireLimits.labels("hello.labels", h.getLabelsMap());
    if (h.getSupportedTaskTypesCount() > WireLimits.TASK_TYPES) {
      throw new FieldRefused(
          "hello.supported_task_types",
          "expected at most "
              + WireLimits.TASK_TYPES
              + " task types but got "
              + h.getSupportedTaskTypesCount());
    }
    for (String t : h.getSupportedTaskTypesList()) {
      WireLimits.taskWord("hello.supported_task_types", t, WireLimits.TASK_TYPE, false);
    }
    if (h.getOpenRunsCount() > WireLimits.OPEN_RUNS) {
      throw new FieldRefused(
          "hello.open_runs",
          "expected at most "
              + WireLimits.OPEN_RUNS
              + " open runs but got "
              + h.getOpenRunsCount());
    }
    for (OpenRun r : h.getOpenRunsList()) {
      WireLimits.runId("hello.open_runs.run_id", r.getRunId());
    }
  }

  static void heartbeat(Heartbeat h) {
    if (!h.getCurrentRunId().isEmpty()) {
      WireLimits.runId("heartbeat.current_run_id", h.getCurrentRunId());
    }
    if (h.hasSentAt()) {
      time("heartbeat.sent_at", h.getSentAt());
    }
    if (h.hasStats()) {
      stats(h.getStats());
    }
  }

  /** Task statuses a tally may name: those of a task result. */
  private static final java.util.Set<String> TASK_STATUSES =
      java.util.Arrays.stream(io.autoservice.common.result.TaskStatus.values())
          .map(io.autoservice.common.result.TaskStatus::wireName)
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /**
   * An agent's figures: at most one tally per (supported task type, status), each a known status,
   * no count or total past what a long holds (an unsigned value over it reads negative).
   */
  static void stats(io.autoservice.proto.v1.AgentStats s) {
    int max = WireLimits.TASK_TYPES * TASK_STATUSES.size();
    if (s.getTasksCount() > max) {
      throw new FieldRefused(
          "heartbeat.stats.tasks",
          "expected at most " + max + " tallies but got " + s.getTasksCount());
    }
    for (io.autoservice.proto.v1.TaskTally t : s.getTasksList()) {
      WireLimits.taskWord(
          "heartbeat.stats.tasks.task_type", t.getTaskType(), WireLimits.TASK_TYPE, false);
      if (!TASK_STATUSES.contains(t.getStatus())) {
        throw new FieldRefused(
            "heartbeat.stats.tasks.status",
            "expected one of "
                + new java.util.TreeSet<>(TASK_STATUSES)
                + " but got a status of "
                + t.getStatus().length()
                + " characters");
      }
      if (t.getCount() < 0 || t.getTotalDurationMs() < 0) {
        throw new FieldRefused("heartbeat.stats.tasks", "expected counts below 2^63");
      }
    }
    if (s.getJournalBytes() < 0 || s.getReconnects() < 0) {
      throw new FieldRefused(
          "heartbeat.stats", "expected journal_bytes below 2^63 and reconnects below 2^31");
    }
  }

  /** The ack with its error cut to its limit. */
  static CommandAck commandAck(CommandAck a) {
    WireLimits.runId("command_ack.run_id", a.getRunId());
    String error = text(a.getError(), WireLimits.ERROR_TEXT);
    return error.equals(a.getError()) ? a : a.toBuilder().setError(error).build();
  }

  /**
   * Refuses what cannot be stored (run id, time, unknown kind); returns it with its text cut to
   * size.
   */
  static RunEvent event(RunEvent e) {
    WireLimits.runId("run_event.run_id", e.getRunId());
    if (e.getSequence() < 1) {
      throw new FieldRefused("run_event.sequence", "expected 1 or more but got " + e.getSequence());
    }
    time("run_event.time", e.getTime());
    RunEvent.Builder b = e.toBuilder();
    switch (e.getKindCase()) {
      case RUN_STARTED -> {
        var s = b.getRunStartedBuilder();
        for (int i = 0; i < s.getTaskTypesCount(); i++) {
          s.setTaskTypes(i, text(s.getTaskTypes(i), WireLimits.TASK_TYPE));
        }
      }
      case TASK_STARTED -> {
        var s = b.getTaskStartedBuilder();
        s.setTaskType(text(s.getTaskType(), WireLimits.TASK_TYPE))
            .setTaskId(text(s.getTaskId(), WireLimits.TASK_ID));
      }
      case TASK_PROGRESS ->
          b.getTaskProgressBuilder()
              .setMessage(text(e.getTaskProgress().getMessage(), WireLimits.ERROR_TEXT));
      case TASK_OUTPUT ->
          b.getTaskOutputBuilder()
              .setLine(text(e.getTaskOutput().getLine(), WireLimits.OUTPUT_LINE));
      case TASK_FINISHED ->
          b.getTaskFinishedBuilder().setResult(result(e.getTaskFinished().getResult()));
      case RUN_FINISHED ->
          b.getRunFinishedBuilder()
              .setReport(report("run_event.run_finished.report", e.getRunFinished().getReport()));
      case KIND_NOT_SET ->
          throw new FieldRefused(
              "run_event.kind",
              "expected one of run_started, task_started, task_progress, task_output, task_finished, run_finished"
                  + " but got none this controller knows (a newer agent?)");
    }
    return b.build();
  }

  /** A local run's id is a run id here: refused like one; its report's text cut to size. */
  static LocalRunReport localRun(LocalRunReport m) {
    WireLimits.runId("local_run_report.local_run_id", m.getLocalRunId());
    LocalRunReport.Builder b = m.toBuilder();
    if (m.hasStartedAt()) {
      time("local_run_report.started_at", m.getStartedAt());
    }
    if (m.hasFinishedAt()) {
      time("local_run_report.finished_at", m.getFinishedAt());
    }
    if (m.hasReport()) {
      b.setReport(report("local_run_report.report", m.getReport()));
    }
    return b.build();
  }

  private static RunReport report(String field, RunReport r) {
    if (r.hasRunTimestamp()) {
      time(field + ".run_timestamp", r.getRunTimestamp());
    }
    RunReport.Builder b =
        r.toBuilder()
            .setRunId(text(r.getRunId(), WireLimits.RUN_ID))
            .setError(text(r.getError(), WireLimits.ERROR_TEXT));
    for (int i = 0; i < b.getTasksCount(); i++) {
      b.setTasks(i, result(b.getTasks(i)));
    }
    return b.build();
  }

  private static TaskResult result(TaskResult t) {
    return t.toBuilder()
        .setTaskType(text(t.getTaskType(), WireLimits.TASK_TYPE))
        .setTaskId(text(t.getTaskId(), WireLimits.TASK_ID))
        .build();
  }

  private static void time(String field, Timestamp t) {
    WireLimits.instant(field, t);
  }
}
