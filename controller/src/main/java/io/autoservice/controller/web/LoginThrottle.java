package io.autoservice.controller.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per client address: after {@link #MAX_FAILURES} within {@link #WINDOW}, that
 * address is refused until the oldest failure leaves the window. With Argon2id costing tens of
 * milliseconds per guess this bounds a guesser to a few hundred guesses a day per address, and
 * keeps a flood from one address from spending the controller's CPU on hashes.
 */
final class LoginThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final int MAX_ADDRESSES = 10_000;

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Seconds until this address may try again; 0 when it may now. */
  long retryAfterSeconds(String address) {
    Deque<Instant> d = failures.get(address);
    if (d == null) {
      return 0;
    }
    synchronized (d) {
      Instant now = clock.instant();
      prune(d, now);
      if (d.size() < MAX_FAILURES) {
        return 0;
      }
      return Math.max(1, Duration.between(now, d.peekFirst().plus(WINDOW)).toSeconds());
    }
  }

  void failed(String address) {
    if (failures.size() >= MAX_ADDRESSES) {
      Instant now = clock.instant();
      failures.values().removeIf(d -> isStale(d, now));
    }
    Deque<Instant> d = failures.computeIfAbsent(address, k -> new ArrayDeque<>());
    synchronized (d) {
      d.addLast(clock.instant());
      while (d.size() > MAX_FAILURES) {
        d.removeFirst();
      }
    }
  }

  void succeeded(String address) {
    failures.remove(address);
  }

  private static boolean isStale(Deque<Instant> d, Instant now) {
    synchronized (d) {
      prune(d, now);
      return d.isEmpty();
    }
  }

  private static void prune(Deque<Instant> d, Instant now) {
    while (!d.isEmpty() && !d.peekFirst().plus(WINDOW).isAfter(now)) {
      d.removeFirst();
    }
  }
}
