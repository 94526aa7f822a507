package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.plan.Plan;
import io.autoservice.common.result.RunReport;
import io.autoservice.common.result.RunStatus;
import java.time.Instant;

/**
 * A run as the controller keeps it: a plan for one agent, where it stands, and its report once it
 * finished. Immutable; changes make a new record.
 */
public record RunRecord(
    String runId,
    String agentId,
    String hostname,
    long queueSeq,
    RunState state,
    RunStatus status,
    Plan plan,
    int completedTasks,
    String dispatchedBy,
    Instant dispatchedAt,
    Instant deliverBy,
    Instant finishedAt,
    long lastSeq,
    RunReport report,
    String error,
    String cancelReason,
    RunOrigin origin) {

  public RunRecord {
    requireNonNull(runId, "runId");
    requireNonNull(agentId, "agentId");
    requireNonNull(state, "state");
    requireNonNull(plan, "plan");
    requireNonNull(origin, "origin");
  }

  /** A run the controller dispatched. */
  public RunRecord(
      String runId,
      String agentId,
      String hostname,
      long queueSeq,
      RunState state,
      RunStatus status,
      Plan plan,
      int completedTasks,
      String dispatchedBy,
      Instant dispatchedAt,
      Instant deliverBy,
      Instant finishedAt,
      long lastSeq,
      RunReport report,
      String error,
      String cancelReason) {
    this(
        runId,
        agentId,
        hostname,
        queueSeq,
        state,
        status,
        plan,
        completedTasks,
        dispatchedBy,
        dispatchedAt,
        deliverBy,
        finishedAt,
        lastSeq,
        report,
        error,
        cancelReason,
        RunOrigin.DISPATCHED);
  }

  public int totalTasks() {
    return plan.tasks().size();
  }

  public RunRecord withState(RunState s) {
    return new RunRecord(
        runId,
        agentId,
        hostname,
        queueSeq,
        s,
        status,
        plan,
        completedTasks,
        dispatchedBy,
        dispatchedAt,
        deliverBy,
        finishedAt,
        lastSeq,
        report,
        error,
        cancelReason,
        origin);
  }

  public RunRecord withProgress(int completed, long seq) {
    return new RunRecord(
        runId,
        agentId,
        hostname,
        queueSeq,
        state,
        status,
        plan,
        completed,
        dispatchedBy,
        dispatchedAt,
        deliverBy,
        finishedAt,
        seq,
        report,
        error,
        cancelReason,
        origin);
  }

  public RunRecord withCancelReason(String reason) {
    return new RunRecord(
        runId,
        agentId,
        hostname,
        queueSeq,
        state,
        status,
        plan,
        completedTasks,
        dispatchedBy,
        dispatchedAt,
        deliverBy,
        finishedAt,
        lastSeq,
        report,
        error,
        reason,
        origin);
  }

  /** The run ended: with the agent's report, or (report null) with a status and reason of ours. */
  public RunRecord finished(RunStatus s, RunReport r, String why, Instant at) {
    int done = r == null ? completedTasks : r.tasks().size();
    return new RunRecord(
        runId,
        agentId,
        hostname,
        queueSeq,
        RunState.FINISHED,
        s,
        plan,
        done,
        dispatchedBy,
        dispatchedAt,
        deliverBy,
        at,
        lastSeq,
        r,
        why,
        cancelReason,
        origin);
  }
}
