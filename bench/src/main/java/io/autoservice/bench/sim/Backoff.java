package io.autoservice.bench.sim;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, the real agent's policy (1 s doubling to 60 s, a uniformly
 * random wait below the ceiling). Reimplemented here because the bench must not depend on the agent
 * module; a reconnect storm is only realistic if the simulated fleet spreads out the same way. Not
 * thread-safe: used under its agent's lock.
 */
final class Backoff {
  static final long INITIAL_NANOS = 1_000_000_000L;
  static final long MAX_NANOS = 60_000_000_000L;

  private long ceiling = INITIAL_NANOS;

  /** The controller answered: the next failure starts from the first ceiling again. */
  void reset() {
    ceiling = INITIAL_NANOS;
  }

  long nextNanos() {
    long c = ceiling;
    ceiling = c > MAX_NANOS / 2 ? MAX_NANOS : c * 2;
    return ThreadLocalRandom.current().nextLong(c + 1);
  }
}
