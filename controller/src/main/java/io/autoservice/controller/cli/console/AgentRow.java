package io.autoservice.controller.cli.console;

import static java.util.Objects.requireNonNull;

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
    int queuedRuns) {

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
}
