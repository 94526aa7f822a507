package io.autoservice.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way tests wait for something on the wall clock: poll a condition until it holds or a
 * deadline passes, never a fixed sleep. The first polls come quickly (a condition that is almost
 * true costs a millisecond, not a sleep's worth) and then back off to {@link #MAX_POLL}, so long
 * waits do not burn a shared CPU. A timeout fails with what was awaited and the last value seen.
 */
public final class Eventually {
  /** The longest pause between two polls. */
  public static final Duration MAX_POLL = Duration.ofMillis(100);

  private static final long FIRST_POLL_NANOS = Duration.ofMillis(1).toNanos();

  private Eventually() {}

  /** A probe that may throw, such as a query over the wire or a file read. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  /** Waits until {@code condition} holds; on timeout the failure reads {@code whatFailed}. */
  public static void until(
      Duration timeout, BooleanSupplier condition, Supplier<String> whatFailed) {
    try {
      until(whatFailed, timeout, condition::getAsBoolean, Boolean::booleanValue);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a BooleanSupplier cannot throw a checked exception", e);
    }
  }

  /** Waits until {@code check} returns true. */
  public static void until(String what, Duration timeout, Probe<Boolean> check) throws Exception {
    until(() -> what, timeout, check, Boolean::booleanValue);
  }

  /** Calls {@code probe} until {@code done} accepts its value; returns that value. */
  public static <T> T until(
      String what, Duration timeout, Probe<T> probe, Predicate<? super T> done) throws Exception {
    return until(() -> what, timeout, probe, done);
  }

  private static <T> T until(
      Supplier<String> what, Duration timeout, Probe<T> probe, Predicate<? super T> done)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_POLL_NANOS;
    while (true) {
      T last = probe.get();
      if (done.test(last)) {
        return last;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        // a boolean "last seen: false" says nothing the first half does not
        String seen = last instanceof Boolean ? "" : "; last seen: " + last;
        throw new AssertionError(what.get() + ": not reached within " + timeout + seen);
      }
      sleepNanos(Math.min(pause, left));
      pause = Math.min(pause * 2, MAX_POLL.toNanos());
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
