package io.autoservice.agent.fleet;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * How long the client waits before opening the next stream, by how the last one ended: the backoff
 * of the stream (not of the channel, which reconnects by itself) and by status code ({@link
 * StreamCloseKind}). Confined to the stream context.
 *
 * <p>No reconnect is immediate: every wait is at least {@link #FLOOR} plus up to {@link
 * #FLOOR_JITTER} at random, except the pushback a congested controller asks for in its trailer,
 * which is its schedule for this agent. A stream that a controller (or a plan the agent cannot
 * decode) ends right after Welcome must not turn into hundreds of connects a second, so a Welcome
 * alone does not reset the backoff: only a session that stayed up {@link #HEALTHY_AFTER} does.
 *
 * <ul>
 *   <li>Fatal codes ({@link StreamCloseKind#FATAL}): never; the client stops.
 *   <li>RESOURCE_EXHAUSTED: the controller's pushback trailer if any, else the next backoff delay
 *       but at least {@link #CONGESTION_MIN_DELAY}.
 *   <li>Anything else after a healthy session: the floor, and the backoff starts over. That is how
 *       a controller restart or a connection-age rotation looks.
 *   <li>Except ABORTED, which the controller uses when another stream with our agent id replaced
 *       this one: reconnecting soon would let two agents sharing an id (a cloned data folder) knock
 *       each other off in a loop, so it waits the next backoff delay. Likewise FAILED_PRECONDITION
 *       and INVALID_ARGUMENT, the controller refusing something we sent.
 *   <li>A failed connect (before Welcome) while other controller addresses are still untried in
 *       this round: the floor, and the backoff does not advance; the client tries the next address.
 *       Only a whole round of failures backs off, so with one address nothing changes.
 *   <li>Anything else (before Welcome, or a session shorter than {@link #HEALTHY_AFTER}): the next
 *       backoff delay, at least the floor.
 * </ul>
 *
 * <p>A pushback holds whichever address comes next: it is the fleet's schedule (every replica
 * shares the load), so the next replica is not tried before it is over.
 */
final class ReconnectDelays {
  /** Least wait after RESOURCE_EXHAUSTED without a pushback trailer. */
  static final Duration CONGESTION_MIN_DELAY = Duration.ofSeconds(30);

  /** Least wait between two connects, whatever happened. */
  static final Duration FLOOR = Duration.ofSeconds(1);

  /** Up to this much is added to the floor at random, so a fleet does not reconnect in step. */
  static final Duration FLOOR_JITTER = Duration.ofSeconds(1);

  /** How long a session must last after Welcome for its end to start the backoff over. */
  static final Duration HEALTHY_AFTER = Duration.ofSeconds(30);

  /** Returned by {@link #afterClose} for a status that must not be retried. */
  static final long NEVER = -1;

  private final BackoffPolicy.Provider policies;
  private final LongSupplier nanoTime;
  private final RandomGenerator random;
  private BackoffPolicy policy;
  private long welcomedAt;

  ReconnectDelays(BackoffPolicy.Provider policies, LongSupplier nanoTime, RandomGenerator random) {
    this.policies = policies;
    this.nanoTime = nanoTime;
    this.random = random;
  }

  /** Welcome arrived on the current stream: its health is measured from now. */
  void welcomed() {
    welcomedAt = nanoTime.getAsLong();
  }

  /** As {@link #afterClose(Status, Metadata, boolean, boolean)} with one controller address. */
  long afterClose(Status status, Metadata trailers, boolean welcomed) {
    return afterClose(status, trailers, welcomed, true);
  }

  /**
   * Nanoseconds to wait before reconnecting (at least the floor), or {@link #NEVER}.
   *
   * @param roundFailed every controller address has failed in turn since the last Welcome (always
   *     true with one address)
   */
  long afterClose(Status status, Metadata trailers, boolean welcomed, boolean roundFailed) {
    boolean healthy = welcomed && nanoTime.getAsLong() - welcomedAt >= HEALTHY_AFTER.toNanos();
    if (healthy) {
      policy = null;
    }
    return switch (StreamCloseKind.of(status)) {
      case FATAL -> NEVER;
      // A pushback is the controller's own schedule for this agent (it spreads a storm over
      // slots), honoured as given; without one, the congestion wait is long anyway.
      case CONGESTION ->
          StreamCloseKind.pushbackNanos(trailers)
              .orElse(Math.max(next(), CONGESTION_MIN_DELAY.toNanos()));
      case RETRY ->
          (healthy || !welcomed && !roundFailed) && !refusedWhatWeSent(status)
              ? floor()
              : Math.max(floor(), next());
    };
  }

  private long floor() {
    return FLOOR.toNanos() + random.nextLong(FLOOR_JITTER.toNanos() + 1);
  }

  private static boolean refusedWhatWeSent(Status status) {
    return switch (status.getCode()) {
      case ABORTED, FAILED_PRECONDITION, INVALID_ARGUMENT -> true;
      default -> false;
    };
  }

  private long next() {
    if (policy == null) {
      policy = policies.get();
    }
    return Math.max(0, policy.nextBackoffNanos());
  }
}
