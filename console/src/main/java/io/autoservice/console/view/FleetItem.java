package io.autoservice.console.view;

import io.autoservice.proto.v1.FleetEvent;

/** One change in the live fleet view: an agent's state, or a run's progress. */
public sealed interface FleetItem {

  /** An agent's state or current run changed. */
  record AgentChanged(AgentRow agent) implements FleetItem {}

  /** A run's progress changed. */
  record RunChanged(RunRow run) implements FleetItem {}

  /** Throws {@link IllegalArgumentException} for an event without a kind (a broken peer). */
  static FleetItem from(FleetEvent e) {
    return switch (e.getKindCase()) {
      case AGENT -> new AgentChanged(AgentRow.from(e.getAgent()));
      case RUN -> new RunChanged(RunRow.from(e.getRun()));
      case KIND_NOT_SET ->
          throw new IllegalArgumentException("fleet event: expected agent or run but none was set");
    };
  }
}
