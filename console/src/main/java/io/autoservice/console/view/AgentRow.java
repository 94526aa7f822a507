package io.autoservice.console.view;

import static java.util.Objects.requireNonNull;

import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.AgentInfo;
import io.autoservice.proto.v1.AgentState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One agent as the console shows it (the wire's {@code AgentInfo}, without generated types).
 *
 * @param agentId stable agent id
 * @param hostname the machine's hostname
 * @param state where the agent stands
 * @param osName operating system name
 * @param osVersion operating system version
 * @param agentVersion the agent software's version
 * @param labels the agent's labels
 * @param taskTypes task types it supports
 * @param lastSeen last message received from it, or {@code null}
 * @param currentRunId the run it executes, or {@code null} when idle
 * @param queuedRuns runs queued for it on the controller
 * @param figures what it last reported about itself while connected, or {@code null}
 */
public record AgentRow(
    String agentId,
    String hostname,
    State state,
    String osName,
    String osVersion,
    String agentVersion,
    Map<String, String> labels,
    List<String> taskTypes,
    Instant lastSeen,
    String currentRunId,
    int queuedRuns,
    Figures figures) {

  /**
   * An agent's own figures since it started.
   *
   * @param tasks tasks run, one entry per (task type, status)
   * @param journalBytes bytes its run journal holds
   * @param reconnects times it connected again after its first connection
   */
  public record Figures(List<TaskTally> tasks, long journalBytes, long reconnects) {
    public Figures {
      tasks = List.copyOf(tasks);
    }
  }

  /** Tasks of one type that ended with one status, and their durations added up. */
  public record TaskTally(String taskType, String status, long count, long totalDurationMs) {}

  /** Without figures. */
  public AgentRow(
      String agentId,
      String hostname,
      State state,
      String osName,
      String osVersion,
      String agentVersion,
      Map<String, String> labels,
      List<String> taskTypes,
      Instant lastSeen,
      String currentRunId,
      int queuedRuns) {
    this(
        agentId,
        hostname,
        state,
        osName,
        osVersion,
        agentVersion,
        labels,
        taskTypes,
        lastSeen,
        currentRunId,
        queuedRuns,
        null);
  }

  /** Where an agent stands. */
  public enum State {
    ONLINE,
    BUSY,
    OFFLINE,
    REVOKED,
    UNKNOWN;

    /** The lower-case name shown in tables and JSON. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State from(AgentState s) {
      return switch (s) {
        case AGENT_STATE_ONLINE -> ONLINE;
        case AGENT_STATE_BUSY -> BUSY;
        case AGENT_STATE_OFFLINE -> OFFLINE;
        case AGENT_STATE_REVOKED -> REVOKED;
        default -> UNKNOWN;
      };
    }

    public AgentState toProto() {
      return switch (this) {
        case ONLINE -> AgentState.AGENT_STATE_ONLINE;
        case BUSY -> AgentState.AGENT_STATE_BUSY;
        case OFFLINE -> AgentState.AGENT_STATE_OFFLINE;
        case REVOKED -> AgentState.AGENT_STATE_REVOKED;
        case UNKNOWN -> AgentState.AGENT_STATE_UNSPECIFIED;
      };
    }
  }

  public AgentRow {
    requireNonNull(agentId, "agentId");
    requireNonNull(state, "state");
    labels = Map.copyOf(labels);
    taskTypes = List.copyOf(taskTypes);
  }

  /** {@code "Windows 11 Pro 10.0.22631"}, or what of it is known. */
  public String os() {
    return (osName + " " + osVersion).strip();
  }

  public static AgentRow from(AgentInfo a) {
    return new AgentRow(
        a.getAgentId(),
        a.getMachine().getHostname(),
        State.from(a.getState()),
        a.getMachine().getOsName(),
        a.getMachine().getOsVersion(),
        a.getMachine().getAgentVersion(),
        a.getLabelsMap(),
        a.getSupportedTaskTypesList(),
        a.hasLastSeen() ? WireMapper.fromProto(a.getLastSeen()) : null,
        a.getCurrentRunId().isEmpty() ? null : a.getCurrentRunId(),
        a.getQueuedRuns(),
        a.hasStats() ? figures(a.getStats()) : null);
  }

  private static Figures figures(io.autoservice.proto.v1.AgentStats s) {
    return new Figures(
        s.getTasksList().stream()
            .map(
                t ->
                    new TaskTally(
                        t.getTaskType(), t.getStatus(), t.getCount(), t.getTotalDurationMs()))
            .toList(),
        s.getJournalBytes(),
        Integer.toUnsignedLong(s.getReconnects()));
  }
}
