package io.autoservice.controller.store;

import io.autoservice.controller.model.AgentRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Agents that ever connected. */
public interface AgentStore {
  void upsert(AgentRecord agent);

  /** Writes last-seen times in one batch. */
  void touch(Map<String, Instant> lastSeen);

  /** Every agent; a row that does not read is skipped (and logged). */
  List<AgentRecord> all();

  /** One agent, if the store knows it (and its row reads). */
  default Optional<AgentRecord> find(String agentId) {
    return all().stream().filter(a -> a.agentId().equals(agentId)).findFirst();
  }

  /** Agents seen (connected, or touched) at or after {@code since}: what changed lately. */
  default List<AgentRecord> seenSince(Instant since) {
    return all().stream().filter(a -> !a.lastSeen().isBefore(since)).toList();
  }

  /**
   * The task schemas an agent last reported, as stored ({@code TaskSchemas} bytes, not checked
   * here), or empty when none are stored.
   */
  default Optional<byte[]> taskSchemas(String agentId) {
    return Optional.empty();
  }
}
