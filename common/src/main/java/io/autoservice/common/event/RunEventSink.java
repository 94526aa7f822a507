package io.autoservice.common.event;

import java.util.List;

/**
 * Receives a run's events in order, from one thread at a time. A sink must not throw for a
 * reporting problem: reporting failures never fail the task.
 */
@FunctionalInterface
public interface RunEventSink {
  void accept(RunEvent event);

  /** Delivers each event to every sink, in the order given. */
  static RunEventSink fanOut(List<RunEventSink> sinks) {
    List<RunEventSink> copy = List.copyOf(sinks);
    return event -> copy.forEach(s -> s.accept(event));
  }
}
