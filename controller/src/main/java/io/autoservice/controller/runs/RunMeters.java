package io.autoservice.controller.runs;

import io.autoservice.common.result.RunStatus;
import io.autoservice.controller.metrics.ControllerMeters;
import io.autoservice.controller.model.RunState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run domain's figures: unfinished runs by state, counted as they move (a scrape reads a
 * number, never the book), runs ended by status, dispatch-to-ack latency and event ingest.
 */
final class RunMeters {
  private final ControllerMeters meters;
  private final Map<RunState, AtomicInteger> byState = new EnumMap<>(RunState.class);

  RunMeters(ControllerMeters meters) {
    this.meters = meters;
    for (RunState s : RunState.values()) {
      if (s == RunState.FINISHED) {
        continue; // finished runs are counted by autoservice.runs.finished
      }
      AtomicInteger n = new AtomicInteger();
      byState.put(s, n);
      meters.gauge("autoservice.runs", "Unfinished runs, by state", "state", s.dbName(), n::get);
    }
  }

  /** A run is now held in memory in this state (dispatched, or recovered at start). */
  void entered(RunState state) {
    count(state, 1);
  }

  void moved(RunState from, RunState to) {
    count(from, -1);
    count(to, 1);
  }

  /** A run in {@code from} ended with {@code status} (counted once its end is durable). */
  void left(RunState from) {
    count(from, -1);
  }

  void finished(RunStatus status) {
    meters.runFinished(status);
  }

  void dispatchAcked(Duration sinceDispatch) {
    meters.dispatchAcked(sinceDispatch);
  }

  void eventReceived() {
    meters.eventReceived();
  }

  void eventCommitted() {
    meters.eventsCommitted(1);
  }

  private void count(RunState state, int delta) {
    AtomicInteger n = byState.get(state);
    if (n != null) {
      n.addAndGet(delta);
    }
  }
}
