package io.autoservice.controller.e2e;

import java.time.Duration;
import java.util.function.Predicate;

/** Polling with a deadline, never a fixed sleep. */
final class Poll {
  private Poll() {}

  interface Probe<T> {
    T get() throws Exception;
  }

  static void until(String what, Duration max, Probe<Boolean> check) throws Exception {
    until(what, max, check, Boolean::booleanValue);
  }

  /** Calls {@code probe} until {@code done} accepts its value; returns that value. */
  static <T> T until(String what, Duration max, Probe<T> probe, Predicate<T> done) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    T last;
    while (true) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError(what + ": not reached within " + max + "; last seen: " + last);
      }
      Thread.sleep(100);
    }
  }
}
