package io.autoservice.agent.tasks.heavyload;

import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.support.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Progress for tools that print nothing while they work (HeavyLoad, FurMark): every {@code tick} it
 * reports the elapsed share of the expected run time, capped at 99 % (the tool's exit is what makes
 * a task 100 % done). Without an expected time the percentage stays 0 and only the message moves.
 * Close it when the tool has exited; a failing {@code progress} call is ignored and tried again at
 * the next tick.
 */
public final class ElapsedProgress implements AutoCloseable {
  /** How often the tools of this package report progress. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(5);

  private final ScheduledExecutorService ticker;

  private ElapsedProgress(ScheduledExecutorService ticker) {
    this.ticker = ticker;
  }

  /**
   * Starts reporting.
   *
   * @param ctx where progress goes
   * @param expected how long the tool should run, or null if unknown
   * @param tick the reporting interval; positive
   * @param message the message for an elapsed time
   */
  public static ElapsedProgress start(
      TaskContext ctx, Duration expected, Duration tick, Function<Duration, String> message) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("elapsed-progress"));
    long t0 = System.nanoTime();
    ticker.scheduleAtFixedRate(
        () -> {
          Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
          try {
            ctx.progress(percent(elapsed, expected), message.apply(elapsed));
          } catch (RuntimeException e) {
            // progress is best effort; the next tick tries again
          }
        },
        tick.toNanos(),
        tick.toNanos(),
        TimeUnit.NANOSECONDS);
    return new ElapsedProgress(ticker);
  }

  /** {@code 100 × elapsed / expected}, at most 99; 0 when nothing is expected. */
  static double percent(Duration elapsed, Duration expected) {
    if (expected == null || expected.isZero() || expected.isNegative()) {
      return 0;
    }
    return Math.min(99.0, 100.0 * elapsed.toMillis() / expected.toMillis());
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
