package io.autoservice.agent.fleet;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lets a stopping agent wait until everything it owes the controller was delivered. Acks {@link
 * #signal} it; other changes (the run thread ending) are caught by a short re-check period, which
 * is cheap because only shutdown waits here.
 */
final class DeliveryWatch {
  private static final long RECHECK_MILLIS = 100;

  /** Something that may end the wait happened. */
  synchronized void signal() {
    notifyAll();
  }

  /** Waits until {@code delivered} holds or the deadline ({@link System#nanoTime()}) passes. */
  synchronized boolean await(BooleanSupplier delivered, long deadlineNanos)
      throws InterruptedException {
    while (!delivered.getAsBoolean()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, Math.min(RECHECK_MILLIS, TimeUnit.NANOSECONDS.toMillis(left))));
    }
    return true;
  }
}
