package io.autoservice.controller.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds an agent's {@link AgentRuns} and the owner of a run, without a global lock; and remembers
 * the last sequence of recently finished runs, so an agent resending what was already acked is
 * answered from memory rather than the database.
 */
final class RunBook {
  /** A finished run's owner and last stored sequence. */
  record Finished(String agentId, long lastSeq) {}

  private static final int RECENT = 50_000;

  private final Map<String, AgentRuns> agents = new ConcurrentHashMap<>();
  private final Map<String, AgentRuns> owners = new ConcurrentHashMap<>();
  private final Set<String> working = ConcurrentHashMap.newKeySet();
  private final Map<String, Finished> recent =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Finished> eldest) {
          return size() > RECENT;
        }
      };

  AgentRuns agent(String agentId) {
    return agents.computeIfAbsent(agentId, AgentRuns::new);
  }

  Optional<AgentRuns> existing(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  Iterable<AgentRuns> all() {
    return agents.values();
  }

  Optional<AgentRuns> owner(String runId) {
    return Optional.ofNullable(owners.get(runId));
  }

  void own(String runId, AgentRuns owner) {
    owners.put(runId, owner);
  }

  /** Forgets an agent another replica took (its runs with it). */
  void drop(AgentRuns a) {
    agents.remove(a.agentId, a);
    a.runs.keySet().forEach(id -> owners.remove(id, a));
    working.remove(a.agentId);
  }

  void finished(String runId, String agentId, long lastSeq) {
    owners.remove(runId);
    synchronized (recent) {
      recent.put(runId, new Finished(agentId, lastSeq));
    }
  }

  Optional<Finished> recentlyFinished(String runId) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(runId));
    }
  }

  /**
   * Whether an agent has a run assigned to it now (kept as it changes, for the fleet's figures).
   */
  void working(String agentId, boolean working) {
    if (working) {
      this.working.add(agentId);
    } else {
      this.working.remove(agentId);
    }
  }

  /** Agents with a run assigned now. */
  Set<String> working() {
    return Collections.unmodifiableSet(working);
  }

  int activeRuns() {
    return owners.size();
  }
}
