package io.autoservice.bench.sim;

import io.autoservice.proto.v1.RunEvent;

/**
 * One run's in-memory journal on a simulated agent: the events generated so far, what was sent on
 * the current stream, and the controller's acked sequence. Events at or below the ack are dropped
 * (they are never sent again), so 10,000 runs in flight stay small. Guarded by its agent's lock.
 */
final class SimRun {
  final String runId;
  private final RunScript script;
  private final RunEvent[] events; // index = sequence; null once acked
  private int generated;
  private long nextToSend = 1;
  private long acked;
  private long highestSent;
  private boolean started;

  SimRun(String runId, RunScript script) {
    this.runId = runId;
    this.script = script;
    this.events = new RunEvent[script.eventCount() + 1];
  }

  int last() {
    return events.length - 1;
  }

  boolean started() {
    return started;
  }

  void markStarted() {
    started = true;
  }

  /** Appends the next event to the journal; false when the run has none left to generate. */
  boolean generateNext() {
    if (generated >= last()) {
      return false;
    }
    generated++;
    events[generated] = script.event(generated);
    return true;
  }

  boolean fullyGenerated() {
    return generated == last();
  }

  int generated() {
    return generated;
  }

  /** The next event to send on this stream, or null when none is ready. */
  RunEvent peekUnsent() {
    return nextToSend <= generated ? events[(int) nextToSend] : null;
  }

  long nextSequence() {
    return nextToSend;
  }

  void sentOne() {
    highestSent = Math.max(highestSent, nextToSend);
    nextToSend++;
  }

  /** Whether {@code seq} was never sent before (a resend after reconnect is not a new event). */
  boolean firstSend(long seq) {
    return seq > highestSent;
  }

  long inFlight() {
    return nextToSend - 1 - acked;
  }

  long acked() {
    return acked;
  }

  /** The controller persisted 1..seq: returns how many events this ack newly covers. */
  long ack(long seq) {
    long s = Math.min(seq, generated);
    if (s <= acked) {
      return 0;
    }
    for (long i = acked + 1; i <= s; i++) {
      events[(int) i] = null;
    }
    long gained = s - acked;
    acked = s;
    nextToSend = Math.max(nextToSend, acked + 1);
    return gained;
  }

  /** A new stream: resend everything after what the controller says it holds. */
  void rewindTo(long controllerAcked) {
    ack(controllerAcked);
    nextToSend = acked + 1;
  }

  boolean delivered() {
    return acked == last();
  }
}
