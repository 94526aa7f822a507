package io.autoservice.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} the test moves, with a {@link FakeScheduler} on the same time: certificate
 * expiry, grace periods, heartbeats and reconnect delays without waiting for them.
 *
 * <p>It keeps two readings, as a real machine does: the wall clock ({@link #instant()}) and a
 * monotonic counter ({@link #nanoTime()}, for code that takes a {@code LongSupplier} ticker).
 * {@link #advance} moves both and runs the scheduler's tasks that fall due, each at its own due
 * time; {@link #set} only moves the wall clock, like a clock correction, and runs nothing. Safe to
 * read from any thread.
 */
public final class FakeClock extends Clock {
  /** A fixed, unremarkable start, so tests that do not care about the date need not pick one. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeScheduler scheduler = new FakeScheduler(this);
  private Instant wall;
  private long nanos;

  public FakeClock() {
    this(DEFAULT_START);
  }

  public FakeClock(Instant start) {
    this.wall = start;
  }

  /**
   * Moves time forward by {@code by}, running the scheduler's due tasks in time order on the
   * calling thread.
   */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward; got " + by);
    }
    long target;
    synchronized (this) {
      target = nanos + by.toNanos();
    }
    scheduler.runDueUntil(target);
    moveTo(target);
  }

  /** Sets the wall clock only; the monotonic reading and the scheduler do not move. */
  public synchronized void set(Instant now) {
    wall = now;
  }

  /** The monotonic reading in nanoseconds: 0 at construction, moved only by {@link #advance}. */
  public synchronized long nanoTime() {
    return nanos;
  }

  /** The scheduler whose tasks run when this clock is advanced. */
  public FakeScheduler scheduler() {
    return scheduler;
  }

  /** Called by the scheduler before it runs a task, so the task sees its own due time. */
  synchronized void moveTo(long atNanos) {
    if (atNanos > nanos) {
      wall = wall.plusNanos(atNanos - nanos);
      nanos = atNanos;
    }
  }

  @Override
  public synchronized Instant instant() {
    return wall;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * The same clock: the zone only matters for formatting, and a copy would not move with the test.
   */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
