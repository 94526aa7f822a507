package io.autoservice.agent.tasks;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The task types this agent can run, by type name. */
public final class TaskRegistry {
  private final Map<String, TaskHandler> handlers = new TreeMap<>();

  public TaskRegistry(Collection<? extends TaskHandler> all) {
    for (TaskHandler h : all) {
      if (handlers.put(h.descriptor().type(), h) != null) {
        throw new IllegalArgumentException("two handlers for task type " + h.descriptor().type());
      }
    }
  }

  public Optional<TaskHandler> find(String type) {
    return Optional.ofNullable(handlers.get(type));
  }

  /** Sorted by type name. */
  public Collection<TaskHandler> all() {
    return Collections.unmodifiableCollection(handlers.values());
  }
}
