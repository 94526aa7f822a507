package io.autoservice.controller.cli.console;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.result.RunStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * One run as the console shows it (the wire's {@code RunSummary}, without generated types).
 *
 * @param runId the run id
 * @param agentId the agent it runs on
 * @param hostname the agent's hostname when dispatched
 * @param state where it stands on the controller
 * @param status its outcome once finished, else {@code null}
 * @param dispatchedAt when it was dispatched
 * @param finishedAt when it finished, or {@code null}
 * @param totalTasks tasks in the plan
 * @param completedTasks tasks finished so far
 * @param dispatchedBy who dispatched it
 * @param origin "dispatched", or "local" for a run made with {@code agent run --sync} and uploaded
 *     later
 */
public record RunRow(
    String runId,
    String agentId,
    String hostname,
    State state,
    RunStatus status,
    Instant dispatchedAt,
    Instant finishedAt,
    int totalTasks,
    int completedTasks,
    String dispatchedBy,
    String origin) {

  /** Where a run stands on the controller. */
  public enum State {
    QUEUED,
    ASSIGNED,
    RUNNING,
    FINISHED,
    UNKNOWN;

    /** The lower-case name shown in tables and JSON. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RunRow {
    requireNonNull(runId, "runId");
    requireNonNull(state, "state");
  }

  public boolean finished() {
    return state == State.FINISHED;
  }

  /** The hostname, else the agent id: what a one-line view calls the machine. */
  public String machine() {
    return hostname == null || hostname.isEmpty() ? agentId : hostname;
  }

  /** The first 8 characters of the run id, enough to tell runs apart on a screen. */
  public String shortId() {
    return shortId(runId);
  }

  static String shortId(String runId) {
    return runId.length() <= 8 ? runId : runId.substring(0, 8);
  }
}
