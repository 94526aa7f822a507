package io.autoservice.controller.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: tokens accrue at {@code perSecond} up to {@code burst}, and each admitted thing
 * takes one. Thread-safe. Time comes from an injected nanosecond ticker ({@code System::nanoTime}
 * in production) so tests can move it by hand.
 *
 * <p>Two ways to take a token: {@link #tryTake} refuses when none is there (for callers that turn
 * the excess away), {@link #reserve} always takes one and says how long the caller must wait for it
 * (for callers that slow the excess down instead: the bucket may go into debt, and each later
 * reservation waits behind the earlier ones, so the long-run rate stays exact).
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double perNano;
  private final double burst;
  private final LongSupplier ticker;
  private double tokens;
  private long last;

  /**
   * @param perSecond tokens added per second (> 0)
   * @param burst the most tokens the bucket holds (>= 1); it starts full
   * @param ticker nanoseconds from an arbitrary origin, never going back
   */
  public TokenBucket(double perSecond, double burst, LongSupplier ticker) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "perSecond: " + perSecond + " (expected: a finite number > 0)");
    }
    if (!(burst >= 1) || Double.isInfinite(burst)) {
      throw new IllegalArgumentException("burst: " + burst + " (expected: a finite number >= 1)");
    }
    this.perNano = perSecond / NANOS_PER_SECOND;
    this.burst = burst;
    this.ticker = ticker;
    this.tokens = burst;
    this.last = ticker.getAsLong();
  }

  /**
   * Takes a token if there is one and returns 0; else takes nothing and returns the nanoseconds
   * until one will be there.
   */
  public synchronized long tryTake() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return nanosUntil(1 - tokens);
  }

  /** Takes a token, possibly one not yet earned; returns the nanoseconds until it is (0: now). */
  public synchronized long reserve() {
    refill();
    tokens -= 1;
    return tokens >= 0 ? 0 : nanosUntil(-tokens);
  }

  /** Tokens there now (negative while reservations are in debt); for tests and logs. */
  public synchronized double available() {
    refill();
    return tokens;
  }

  private void refill() {
    long now = ticker.getAsLong();
    if (now > last) {
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
    }
  }

  private long nanosUntil(double missing) {
    return (long) Math.ceil(missing / perNano);
  }
}
