package io.autoservice.controller.fleet;

import io.autoservice.proto.v1.AgentStats;
import io.autoservice.proto.v1.TaskTally;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The figures each connected agent last reported about itself (checked by the gateway), and their
 * fleet totals, kept as reports arrive (a report moves the totals by the difference from the same
 * agent's previous one), so reading them costs nothing per agent. Task types in the totals are a
 * bounded set: the first {@value #MAX_TASK_TYPES} seen; tallies of others are kept per agent but
 * not totalled, so no agent can make the controller's series grow without bound.
 */
public final class AgentFiguresBook {
  static final int MAX_TASK_TYPES = 256;

  /** A (task type, status) pair of the totals. */
  public record TaskKey(String taskType, String status) {}

  private final Map<String, AgentStats> latest = new ConcurrentHashMap<>();
  private final Map<TaskKey, AtomicLong> tasks = new ConcurrentHashMap<>();
  private final Set<String> knownTypes = ConcurrentHashMap.newKeySet();
  private final AtomicLong journalBytes = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile BiConsumer<TaskKey, AtomicLong> onNewKey = (k, v) -> {};

  /** Told of each (task type, status) the totals start to count (to register its gauge). */
  public void onNewKey(BiConsumer<TaskKey, AtomicLong> listener) {
    this.onNewKey = listener;
    tasks.forEach(listener);
  }

  /** An agent reported its figures. */
  public void reported(String agentId, AgentStats stats) {
    // compute: one agent's reports are applied one at a time; agents never wait for each other.
    latest.compute(
        agentId,
        (id, before) -> {
          add(before, -1);
          add(stats, 1);
          return stats;
        });
  }

  /** An agent is gone (its stream closed): its figures leave the totals. */
  public void gone(String agentId) {
    latest.computeIfPresent(
        agentId,
        (id, before) -> {
          add(before, -1);
          return null;
        });
  }

  public Optional<AgentStats> latest(String agentId) {
    return Optional.ofNullable(latest.get(agentId));
  }

  public long journalBytes() {
    return journalBytes.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  private void add(AgentStats s, int sign) {
    if (s == null) {
      return;
    }
    journalBytes.addAndGet(sign * s.getJournalBytes());
    reconnects.addAndGet(sign * (long) s.getReconnects());
    for (TaskTally t : s.getTasksList()) {
      AtomicLong total = total(new TaskKey(t.getTaskType(), t.getStatus()));
      if (total != null) {
        total.addAndGet(sign * t.getCount());
      }
    }
  }

  private AtomicLong total(TaskKey key) {
    AtomicLong total = tasks.get(key);
    if (total != null) {
      return total;
    }
    if (!knownTypes.contains(key.taskType())) {
      synchronized (knownTypes) {
        if (knownTypes.size() >= MAX_TASK_TYPES) {
          return null;
        }
        knownTypes.add(key.taskType());
      }
    }
    AtomicLong created = new AtomicLong();
    AtomicLong raced = tasks.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    onNewKey.accept(key, created);
    return created;
  }
}
