package io.autoservice.agent.exec;

import io.autoservice.common.event.EventPayload;
import io.autoservice.common.event.RunEvent;
import io.autoservice.common.event.RunEventSink;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers a run's events and hands them to the sink one at a time. Handlers, output readers and the
 * progress timer all emit from their own threads; the lock makes sequence order and delivery order
 * the same, and a failing sink never fails the task.
 */
final class EventEmitter {
  private static final Logger log = LoggerFactory.getLogger(EventEmitter.class);
  private final String runId;
  private final RunEventSink sink;
  private final Clock clock;
  private long sequence;

  EventEmitter(String runId, RunEventSink sink, Clock clock) {
    this.runId = runId;
    this.sink = sink;
    this.clock = clock;
  }

  synchronized void emit(EventPayload payload) {
    RunEvent event = new RunEvent(runId, ++sequence, clock.instant(), payload);
    try {
      sink.accept(event);
    } catch (RuntimeException e) {
      log.warn("run {}: a sink failed on event {}: {}", runId, sequence, e.toString());
    }
  }
}
