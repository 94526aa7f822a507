package io.autoservice.controller.cli.console;

/** One change in the live fleet view: an agent's state, or a run's progress. */
public sealed interface FleetItem {

  /** An agent's state or current run changed. */
  record AgentChanged(AgentRow agent) implements FleetItem {}

  /** A run's progress changed. */
  record RunChanged(RunRow run) implements FleetItem {}
}
