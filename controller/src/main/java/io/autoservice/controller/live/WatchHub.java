package io.autoservice.controller.live;

import io.autoservice.common.event.RunEvent;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Fans persisted events and state changes out to the consoles watching them. It only hands items to
 * listeners; each listener keeps its own bounded queue, so a slow watcher never slows an agent or
 * another watcher.
 */
public final class WatchHub {
  private final Map<String, Set<FleetListener>> byRun = new ConcurrentHashMap<>();
  private final Set<FleetListener> fleetWide = new CopyOnWriteArraySet<>();

  /** A subscription; closing it stops delivery. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  public Registration watchRuns(Set<String> runIds, FleetListener listener) {
    for (String id : runIds) {
      byRun.computeIfAbsent(id, k -> new CopyOnWriteArraySet<>()).add(listener);
    }
    return () -> {
      for (String id : runIds) {
        byRun.computeIfPresent(
            id,
            (k, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
      }
    };
  }

  public Registration watchFleet(FleetListener listener) {
    fleetWide.add(listener);
    return () -> fleetWide.remove(listener);
  }

  public void publishEvent(RunEvent event) {
    Set<FleetListener> set = byRun.get(event.runId());
    if (set != null) {
      set.forEach(l -> l.onEvent(event));
    }
  }

  public void publishRun(RunRecord run) {
    Set<FleetListener> set = byRun.get(run.runId());
    if (set != null) {
      set.forEach(l -> l.onRunChanged(run));
    }
    fleetWide.forEach(l -> l.onRunChanged(run));
  }

  public void publishAgent(AgentView agent) {
    fleetWide.forEach(l -> l.onAgentChanged(agent));
  }

  /** Runs some console watches now. */
  public Set<String> watchedRuns() {
    return Set.copyOf(byRun.keySet());
  }

  /** Number of watchers, for metrics. */
  public int watcherCount() {
    return fleetWide.size() + byRun.values().stream().mapToInt(Set::size).sum();
  }
}
