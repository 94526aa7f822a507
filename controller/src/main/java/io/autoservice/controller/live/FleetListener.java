package io.autoservice.controller.live;

import io.autoservice.common.event.RunEvent;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.RunRecord;

/**
 * Receives what happens in the fleet. Called on the thread that made the change: implementations
 * must only enqueue, never block or write to a network stream directly.
 */
public interface FleetListener {
  /** A persisted event of a run this listener watches. */
  default void onEvent(RunEvent event) {}

  /** A run's state or progress changed. */
  default void onRunChanged(RunRecord run) {}

  /** An agent's state changed (fleet watchers only). */
  default void onAgentChanged(AgentView agent) {}
}
