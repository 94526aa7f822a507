package io.autoservice.agent.fleet;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on fake time, shaped like grpc-java's {@code FakeClock}:
 * nothing runs until the test calls {@link #forward}, which runs the due tasks in time order on the
 * test's thread. Only one-shot {@code schedule(Runnable, …)} is supported; the fleet client needs
 * nothing else.
 */
final class FakeTimer extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long order;

  /** Advances the fake clock, running every task that falls due, in order. */
  void forward(Duration by) {
    long target;
    synchronized (this) {
      target = now + by.toNanos();
    }
    while (true) {
      Task due;
      synchronized (this) {
        due = queue.peek();
        if (due == null || due.at > target) {
          now = target;
          return;
        }
        queue.poll();
        now = due.at;
      }
      if (!due.cancelled) {
        due.done = true;
        due.task.run();
      }
    }
  }

  /** The fake clock, in nanoseconds: what {@link #forward} advanced it to. */
  synchronized long nanoTime() {
    return now;
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.cancelled).count();
  }

  /** Delay of the earliest pending task from now, or null. */
  synchronized Duration nextDelay() {
    return queue.stream()
        .filter(t -> !t.cancelled)
        .map(t -> Duration.ofNanos(t.at - now))
        .min(Duration::compareTo)
        .orElse(null);
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task t = new Task(command, now + Math.max(0, unit.toNanos(delay)), order++);
    queue.add(t);
    return t;
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }

  private final class Task implements ScheduledFuture<Void> {
    final Runnable task;
    final long at;
    final long seq;
    volatile boolean cancelled;
    volatile boolean done;

    Task(Runnable task, long at, long seq) {
      this.task = task;
      this.at = at;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      synchronized (FakeTimer.this) {
        return unit.convert(at - now, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public int compareTo(Delayed o) {
      Task other = (Task) o;
      return at != other.at ? Long.compare(at, other.at) : Long.compare(seq, other.seq);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Void get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Void get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
