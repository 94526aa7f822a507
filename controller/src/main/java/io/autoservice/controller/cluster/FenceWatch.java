package io.autoservice.controller.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fences a replica whose last heartbeat is older than a limit, on a thread of its own. The
 * heartbeat is written on the replica's tick thread, which an unreachable store blocks (the pool
 * waits for a connection, a query for an answer) far longer than the lease lasts; a fence decided
 * only when that call fails would come after other replicas took the agents, and the replica would
 * meanwhile go on driving agents it no longer holds.
 */
final class FenceWatch implements AutoCloseable {
  private final Clock clock;
  private final Duration limit;
  private final Supplier<Instant> lastBeat;
  private final Runnable fence;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "replica-fence-watch");
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code fence} whenever {@code lastBeat} is more than {@code limit} ago at a check. */
  FenceWatch(Clock clock, Duration limit, Supplier<Instant> lastBeat, Runnable fence) {
    this.clock = clock;
    this.limit = limit;
    this.lastBeat = lastBeat;
    this.fence = fence;
  }

  /** Checks every {@code every} from now on. */
  FenceWatch start(Duration every) {
    long ms = Math.max(1, every.toMillis());
    timer.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Whether the heartbeat is overdue now; fences if so. */
  boolean check() {
    boolean overdue = clock.instant().isAfter(lastBeat.get().plus(limit));
    if (overdue) {
      fence.run();
    }
    return overdue;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
