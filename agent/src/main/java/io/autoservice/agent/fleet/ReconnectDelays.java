package io.autoservice.agent.fleet;

import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;

/**
 * How long the client waits before opening the next stream, by how the last one ended (STYLE points
 * 5 and 11). Confined to the stream context.
 *
 * <ul>
 *   <li>Fatal codes ({@link StreamCloseKind#FATAL}): never; the client stops.
 *   <li>RESOURCE_EXHAUSTED: the controller's pushback trailer if any, else the next backoff delay
 *       but at least {@link #CONGESTION_MIN_DELAY}.
 *   <li>Anything else after a healthy session (Welcome received): at once. That is how a controller
 *       restart or a connection-age rotation looks, and the backoff was reset at Welcome, so a
 *       controller that then refuses us is met with the full backoff again.
 *   <li>Except ABORTED, which the controller uses when another stream with our agent id replaced
 *       this one: reconnecting at once would let two agents sharing an id (a cloned data folder)
 *       knock each other off in a tight loop, so it waits the next backoff delay. Likewise
 *       FAILED_PRECONDITION and INVALID_ARGUMENT, the controller refusing something we sent (an
 *       event it cannot take): sending it again at once would only be refused again, in a loop.
 *   <li>Anything else before Welcome: the next backoff delay.
 * </ul>
 */
final class ReconnectDelays {
  /** Least wait after RESOURCE_EXHAUSTED without a pushback trailer. */
  static final Duration CONGESTION_MIN_DELAY = Duration.ofSeconds(30);

  /** Returned by {@link #afterClose} for a status that must not be retried. */
  static final long NEVER = -1;

  private final BackoffPolicy.Provider policies;
  private BackoffPolicy policy;

  ReconnectDelays(BackoffPolicy.Provider policies) {
    this.policies = policies;
  }

  /** The controller answered: the next failure starts the backoff over. */
  void reset() {
    policy = null;
  }

  /** Nanoseconds to wait before reconnecting, or {@link #NEVER}. */
  long afterClose(Status status, Metadata trailers, boolean welcomed) {
    return switch (StreamCloseKind.of(status)) {
      case FATAL -> NEVER;
      case CONGESTION ->
          StreamCloseKind.pushbackNanos(trailers)
              .orElse(Math.max(next(), CONGESTION_MIN_DELAY.toNanos()));
      case RETRY -> welcomed && !refusedWhatWeSent(status) ? 0 : next();
    };
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
