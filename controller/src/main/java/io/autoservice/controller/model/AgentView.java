package io.autoservice.controller.model;

import io.autoservice.proto.v1.AgentStats;
import java.time.Instant;

/** An agent as the console sees it at one moment. */
public record AgentView(
    AgentRecord record,
    AgentState state,
    Instant lastSeen,
    String currentRunId,
    int queuedRuns,
    AgentStats stats) {

  /** Without figures reported by the agent. */
  public AgentView(
      AgentRecord record, AgentState state, Instant lastSeen, String currentRunId, int queuedRuns) {
    this(record, state, lastSeen, currentRunId, queuedRuns, null);
  }
}
