package io.autoservice.agent.exec;

import io.autoservice.common.event.EventPayload.TaskProgress;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps a task's latest progress and passes it on at most once per interval. SFC prints its
 * percentage hundreds of times; a console over a slow link needs only the latest. {@link #flush()}
 * sends a held value, so the last progress always precedes TaskFinished.
 */
final class ProgressCoalescer {
  private final int index;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Consumer<TaskProgress> out;
  private long lastSent = Long.MIN_VALUE;
  private TaskProgress pending;

  ProgressCoalescer(
      int index, long intervalNanos, LongSupplier nanoTime, Consumer<TaskProgress> out) {
    this.index = index;
    this.intervalNanos = intervalNanos;
    this.nanoTime = nanoTime;
    this.out = out;
  }

  synchronized void update(double percent, String message) {
    TaskProgress p = new TaskProgress(index, clamp(percent), message);
    long now = nanoTime.getAsLong();
    if (lastSent == Long.MIN_VALUE || now - lastSent >= intervalNanos) {
      pending = null;
      lastSent = now;
      out.accept(p);
    } else {
      pending = p;
    }
  }

  /** Sends the held value, if any; called by the timer and before the task finishes. */
  synchronized void flush() {
    if (pending != null) {
      TaskProgress p = pending;
      pending = null;
      lastSent = nanoTime.getAsLong();
      out.accept(p);
    }
  }

  private static double clamp(double percent) {
    if (Double.isNaN(percent) || percent < 0) {
      return -1;
    }
    return Math.min(100, percent);
  }
}
