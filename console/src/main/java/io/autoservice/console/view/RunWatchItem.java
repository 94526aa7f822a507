package io.autoservice.console.view;

import io.autoservice.common.event.RunEvent;
import io.autoservice.common.wire.WireMapper;
import io.autoservice.proto.v1.WatchEvent;

/** One message of a run watch: an event, a state change on the controller, or a resync notice. */
public sealed interface RunWatchItem {

  /** An event of a watched run, as the agent sent it. */
  record Event(RunEvent event) implements RunWatchItem {}

  /** The run's state changed on the controller (queued, assigned, running, finished). */
  record StateChanged(RunRow run) implements RunWatchItem {}

  /** The watcher fell behind; the controller resumes after {@code lastDeliveredSequence}. */
  record Resync(String runId, long lastDeliveredSequence) implements RunWatchItem {}

  /** Throws {@link IllegalArgumentException} for an event without a payload (a broken peer). */
  static RunWatchItem from(WatchEvent e) {
    return switch (e.getKindCase()) {
      case RUN_EVENT -> new Event(WireMapper.fromProto(e.getRunEvent()));
      case RUN_STATE -> new StateChanged(RunRow.from(e.getRunState()));
      case RESYNC -> new Resync(e.getResync().getRunId(), e.getResync().getLastDeliveredSequence());
      case KIND_NOT_SET ->
          throw new IllegalArgumentException(
              "watch event: expected run_event, run_state or resync but none was set");
    };
  }
}
