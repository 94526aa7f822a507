package io.autoservice.bench.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Monotonic counters the simulated agents bump and the phases read as deltas. Only counters: phases
 * wait on them by polling, which keeps the agents' hot path to one atomic add.
 */
public final class FleetCounters {
  /** Welcomes received since start (every stream that reached Welcome). */
  public final LongAdder welcomes = new LongAdder();

  /** Agents that received a Welcome in the current epoch (see {@link SimFleet#newEpoch()}). */
  public final AtomicInteger welcomedThisEpoch = new AtomicInteger();

  /** Streams currently past Welcome. */
  public final AtomicInteger online = new AtomicInteger();

  /** New (not redelivered) AssignRun messages received and acked with CommandAck. */
  public final LongAdder assignsAcked = new LongAdder();

  /** Events first sent (resends not counted). */
  public final LongAdder eventsSent = new LongAdder();

  /** Events resent on a new stream after the controller's Welcome said it lacked them. */
  public final LongAdder eventsResent = new LongAdder();

  /** Events the controller acked as persisted (each sequence once). */
  public final LongAdder eventsAcked = new LongAdder();

  /** Runs whose RunFinished the controller acked. */
  public final LongAdder runsDelivered = new LongAdder();

  /** Streams that ended (any reason). */
  public final LongAdder disconnects = new LongAdder();

  /** Streams refused with RESOURCE_EXHAUSTED (connect throttle). */
  public final LongAdder pushbacks = new LongAdder();

  /** Agents that stopped for good (PERMISSION_DENIED or UNAUTHENTICATED). */
  public final AtomicInteger stopped = new AtomicInteger();

  /** Why streams ended before their Welcome, by status code and the start of its description. */
  public final java.util.concurrent.ConcurrentHashMap<String, LongAdder> failedBeforeWelcome =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Last close status seen, for diagnostics. */
  public final AtomicLong lastCloseCode = new AtomicLong(-1);
}
