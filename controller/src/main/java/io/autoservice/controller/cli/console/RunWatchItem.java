package io.autoservice.controller.cli.console;

import io.autoservice.common.event.RunEvent;

/** One message of a run watch: an event, a state change on the controller, or a resync notice. */
public sealed interface RunWatchItem {

  /** An event of a watched run, as the agent sent it. */
  record Event(RunEvent event) implements RunWatchItem {}

  /** The run's state changed on the controller (queued, assigned, running, finished). */
  record StateChanged(RunRow run) implements RunWatchItem {}

  /** The watcher fell behind; the controller resumes after {@code lastDeliveredSequence}. */
  record Resync(String runId, long lastDeliveredSequence) implements RunWatchItem {}
}
