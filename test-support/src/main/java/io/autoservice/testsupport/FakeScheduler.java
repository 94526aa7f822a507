package io.autoservice.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on a {@link FakeClock}, shaped like grpc-java's {@code
 * FakeClock}: nothing runs until the test calls {@link FakeClock#advance}, which runs the due tasks
 * in time order (ties in submission order) on the test's thread. {@link #execute} is a task due
 * now: it too waits for the next advance, so a test controls exactly when work happens.
 */
public final class FakeScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final FakeClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private long submitted;
  private boolean shutdown;

  FakeScheduler(FakeClock clock) {
    this.clock = clock;
  }

  /** Tasks scheduled and neither run nor cancelled (a periodic task counts once). */
  public synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.isCancelled()).count();
  }

  /** How far ahead the earliest pending task is due, or null when none is pending. */
  public synchronized Duration nextDelay() {
    long now = clock.nanoTime();
    return queue.stream()
        .filter(t -> !t.isCancelled())
        .map(t -> Duration.ofNanos(t.at - now))
        .min(Duration::compareTo)
        .orElse(null);
  }

  /** Runs, one at a time and outside the lock, every task due at or before {@code target}. */
  void runDueUntil(long target) {
    while (true) {
      Task<?> due;
      synchronized (this) {
        due = queue.peek();
        if (due == null || due.at > target) {
          return;
        }
        queue.poll();
      }
      if (due.isCancelled()) {
        continue;
      }
      clock.moveTo(due.at);
      due.runOnce();
    }
  }

  private synchronized <V> Task<V> enqueue(Task<V> task) {
    if (shutdown) {
      throw new RejectedExecutionException("the fake scheduler was shut down");
    }
    queue.add(task);
    return task;
  }

  private long dueIn(long delay, TimeUnit unit) {
    return clock.nanoTime() + Math.max(0, unit.toNanos(delay));
  }

  private synchronized long nextSeq() {
    return submitted++;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(new Task<>(Executors.callable(command, null), dueIn(delay, unit), 0));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(new Task<>(callable, dueIn(delay, unit), 0));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return enqueue(
        new Task<>(
            Executors.callable(command, null), dueIn(initialDelay, unit), unit.toNanos(period)));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return enqueue(
        new Task<>(
            Executors.callable(command, null), dueIn(initialDelay, unit), -unit.toNanos(delay)));
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> never = new ArrayList<>(queue);
    queue.clear();
    return never;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  /** Nothing runs on its own, so there is nothing to wait for. */
  @Override
  public synchronized boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  /**
   * One scheduled task. {@code period} follows {@code ScheduledThreadPoolExecutor}: positive is a
   * fixed rate, negative a fixed delay, zero a one-shot.
   */
  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    private final long period;
    private final long seq = nextSeq();
    private volatile long at;

    Task(Callable<V> callable, long at, long period) {
      super(callable);
      this.at = at;
      this.period = period;
    }

    void runOnce() {
      if (period == 0) {
        run();
      } else if (runAndReset()) {
        at = period > 0 ? at + period : clock.nanoTime() - period;
        synchronized (FakeScheduler.this) {
          if (!shutdown) {
            queue.add(this);
          }
        }
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(at - clock.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> other = (Task<?>) o;
      return at != other.at ? Long.compare(at, other.at) : Long.compare(seq, other.seq);
    }
  }
}
