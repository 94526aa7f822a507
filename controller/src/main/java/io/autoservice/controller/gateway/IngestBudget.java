package io.autoservice.controller.gateway;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of agent messages the controller holds before they are committed, across the
 * whole fleet. A message's bytes count from its arrival until its commit; while the total is over
 * the limit, the credit each commit would give back to its agent waits here, so agents send no more
 * until the store has caught up. Ten thousand agents each sending a run at once thus wait in their
 * journals, not in the controller's heap.
 */
final class IngestBudget {
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();
  private final ConcurrentLinkedQueue<Runnable> parked = new ConcurrentLinkedQueue<>();

  IngestBudget(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("limitBytes: " + limitBytes + " (expected: > 0)");
    }
    this.limitBytes = limitBytes;
  }

  /** A message of {@code bytes} arrived. */
  void taken(long bytes) {
    used.addAndGet(bytes);
  }

  /**
   * A message of {@code bytes} was committed: its bytes are freed, and {@code credit} runs now if
   * the fleet is under the limit, else once it is.
   */
  void released(long bytes, Runnable credit) {
    used.addAndGet(-bytes);
    if (used.get() < limitBytes && parked.isEmpty()) {
      credit.run();
      return;
    }
    parked.add(credit);
    drain();
  }

  /** Well under the limit (under half): room for agents to widen their windows. */
  boolean roomy() {
    return used.get() < limitBytes / 2 && parked.isEmpty();
  }

  /** Bytes held now (for metrics and tests). */
  long used() {
    return used.get();
  }

  /** Credits waiting for the fleet to fall under the limit. */
  int parked() {
    return parked.size();
  }

  private void drain() {
    while (used.get() < limitBytes) {
      Runnable next = parked.poll();
      if (next == null) {
        return;
      }
      next.run();
    }
  }
}
