package io.autoservice.controller.model;

import java.time.Instant;

/** An agent as the console sees it at one moment. */
public record AgentView(
    AgentRecord record, AgentState state, Instant lastSeen, String currentRunId, int queuedRuns) {}
