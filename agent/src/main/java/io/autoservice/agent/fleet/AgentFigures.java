package io.autoservice.agent.fleet;

import io.autoservice.common.result.TaskResult;
import io.autoservice.proto.v1.AgentStats;
import io.autoservice.proto.v1.TaskTally;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the agent counts about itself since it started (tasks run by type and status, with their
 * durations; journal bytes; reconnects), and what of it a heartbeat carries: the figures only when
 * they changed since the last heartbeat on this stream, so an idle agent's heartbeats stay tiny.
 * Only task types this agent supports are counted: a plan naming others cannot grow the figures.
 */
final class AgentFigures {
  private record Key(String taskType, String status) {}

  private static final class Tally {
    long count;
    long totalMs;
  }

  private final Set<String> taskTypes;
  private final Map<Key, Tally> tasks =
      new TreeMap<>(
          java.util.Comparator.comparing(Key::taskType)
              .thenComparing(Key::status)); // guarded by this
  private int welcomes; // guarded by this
  private AgentStats lastSent; // guarded by this

  AgentFigures(Iterable<String> supportedTaskTypes) {
    this.taskTypes = Set.copyOf(toSet(supportedTaskTypes));
  }

  private static Set<String> toSet(Iterable<String> types) {
    java.util.HashSet<String> set = new java.util.HashSet<>();
    types.forEach(set::add);
    return set;
  }

  /** A task ended (its TaskFinished event was journaled). */
  synchronized void taskFinished(TaskResult r) {
    if (!taskTypes.contains(r.taskType())) {
      return;
    }
    Tally t = tasks.computeIfAbsent(new Key(r.taskType(), r.status().wireName()), k -> new Tally());
    t.count++;
    t.totalMs += Math.max(0, Math.round(r.durationSeconds() * 1000));
  }

  /** A stream was welcomed: the controller on it has not heard the figures yet. */
  synchronized void welcomed() {
    welcomes++;
    lastSent = null;
  }

  /** The figures for this heartbeat; empty when they did not change since the last one sent. */
  synchronized Optional<AgentStats> toSend(long journalBytes) {
    AgentStats.Builder b =
        AgentStats.newBuilder()
            .setJournalBytes(Math.max(0, journalBytes))
            .setReconnects(Math.max(0, welcomes - 1));
    tasks.forEach(
        (k, t) ->
            b.addTasks(
                TaskTally.newBuilder()
                    .setTaskType(k.taskType())
                    .setStatus(k.status())
                    .setCount(t.count)
                    .setTotalDurationMs(t.totalMs)));
    AgentStats now = b.build();
    if (now.equals(lastSent)) {
      return Optional.empty();
    }
    lastSent = now;
    return Optional.of(now);
  }
}
