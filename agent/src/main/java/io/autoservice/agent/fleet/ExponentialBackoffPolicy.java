package io.autoservice.agent.fleet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: attempt {@code n} waits a uniformly random time between 0
 * and {@code min(max, initial * 2^n)}. Full jitter spreads a fleet's reconnects after a controller
 * restart instead of having every agent retry in step.
 *
 * <p>Not thread-safe; the client uses each policy from its stream context only.
 */
public final class ExponentialBackoffPolicy implements BackoffPolicy {
  /** The agent's defaults: first ceiling 1 s, doubling up to 60 s. */
  public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);

  public static final Duration DEFAULT_MAX = Duration.ofSeconds(60);

  private final long maxNanos;
  private final RandomGenerator random;
  private long ceilingNanos;

  ExponentialBackoffPolicy(Duration initial, Duration max, RandomGenerator random) {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff: initial " + initial + ", max " + max + " (expected: 0 < initial <= max)");
    }
    this.ceilingNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.random = requireNonNull(random, "random");
  }

  /** Policies with the agent's defaults (1 s doubling to 60 s). */
  public static BackoffPolicy.Provider provider() {
    return provider(DEFAULT_INITIAL, DEFAULT_MAX);
  }

  public static BackoffPolicy.Provider provider(Duration initial, Duration max) {
    SplittableRandom seeds = new SplittableRandom();
    // Each policy gets its own generator: SplittableRandom is not thread-safe, split() is cheap.
    return () -> {
      synchronized (seeds) {
        return new ExponentialBackoffPolicy(initial, max, seeds.split());
      }
    };
  }

  @Override
  public long nextBackoffNanos() {
    long ceiling = ceilingNanos;
    ceilingNanos = ceiling > maxNanos / 2 ? maxNanos : ceiling * 2;
    return random.nextLong(ceiling + 1);
  }
}
