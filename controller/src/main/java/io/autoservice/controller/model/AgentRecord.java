package io.autoservice.controller.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the controller remembers of an agent that ever connected. */
public record AgentRecord(
    String agentId,
    String hostname,
    String osName,
    String osVersion,
    String agentVersion,
    String username,
    Map<String, String> labels,
    List<String> taskTypes,
    Instant firstSeen,
    Instant lastSeen) {

  public AgentRecord {
    requireNonNull(agentId, "agentId");
    labels = Map.copyOf(labels);
    taskTypes = List.copyOf(taskTypes);
  }

  public AgentRecord seenAt(Instant t) {
    return new AgentRecord(
        agentId,
        hostname,
        osName,
        osVersion,
        agentVersion,
        username,
        labels,
        taskTypes,
        firstSeen,
        t);
  }

  /** Whether this agent carries every label of the selector. */
  public boolean matches(Map<String, String> selector) {
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
