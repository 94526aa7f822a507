package io.autoservice.console.view;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.result.RunStatus;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.ListRunsRequest;
import io.autoservice.proto.v1.RunState;
import io.autoservice.proto.v1.RunSummary;
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

    static State from(RunState s) {
      return switch (s) {
        case RUN_STATE_QUEUED -> QUEUED;
        case RUN_STATE_ASSIGNED -> ASSIGNED;
        case RUN_STATE_RUNNING -> RUNNING;
        case RUN_STATE_FINISHED -> FINISHED;
        default -> UNKNOWN;
      };
    }

    RunState toProto() {
      return switch (this) {
        case QUEUED -> RunState.RUN_STATE_QUEUED;
        case ASSIGNED -> RunState.RUN_STATE_ASSIGNED;
        case RUNNING -> RunState.RUN_STATE_RUNNING;
        case FINISHED -> RunState.RUN_STATE_FINISHED;
        case UNKNOWN -> RunState.RUN_STATE_UNSPECIFIED;
      };
    }
  }

  /**
   * A filter for listing runs; every field may be {@code null} (no filter).
   *
   * @param agentId only runs of this agent
   * @param state only runs in this state
   * @param status only runs with this outcome
   * @param since only runs dispatched at or after this time
   * @param limit at most this many runs (0: the controller's default, 100)
   */
  public record Query(String agentId, State state, RunStatus status, Instant since, int limit) {
    /** Every run, up to the controller's default limit. */
    public static Query all() {
      return new Query(null, null, null, null, 0);
    }

    public ListRunsRequest toProto() {
      ListRunsRequest.Builder b = ListRunsRequest.newBuilder().setLimit(Math.max(0, limit));
      if (agentId != null) {
        b.setAgentId(agentId);
      }
      if (state != null) {
        b.setState(state.toProto());
      }
      if (status != null) {
        b.setStatus(WireMapper.toProto(status));
      }
      if (since != null) {
        b.setSince(WireMapper.toProto(since));
      }
      return b.build();
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

  public static String shortId(String runId) {
    return runId.length() <= 8 ? runId : runId.substring(0, 8);
  }

  public static RunRow from(RunSummary r) {
    return new RunRow(
        r.getRunId(),
        r.getAgentId(),
        r.getHostname(),
        State.from(r.getState()),
        r.getStatus() == io.autoservice.proto.v1.RunStatus.RUN_STATUS_UNSPECIFIED
            ? null
            : WireMapper.fromProto(r.getStatus()),
        r.hasDispatchedAt() ? WireMapper.fromProto(r.getDispatchedAt()) : null,
        r.hasFinishedAt() ? WireMapper.fromProto(r.getFinishedAt()) : null,
        r.getTotalTasks(),
        r.getCompletedTasks(),
        r.getDispatchedBy(),
        // A controller that predates local runs sends none: all its runs were dispatched.
        r.getOrigin().isEmpty() ? "dispatched" : r.getOrigin());
  }
}
