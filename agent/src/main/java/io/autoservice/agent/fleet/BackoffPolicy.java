package io.autoservice.agent.fleet;

/**
 * How long to wait before the next reconnect attempt. A policy is stateful (each call returns the
 * next, usually longer, delay); the client asks its {@link Provider} for a fresh one once the
 * controller has answered, which is what "reset the backoff" means.
 */
public interface BackoffPolicy {
  /** The delay before the next attempt, in nanoseconds. */
  long nextBackoffNanos();

  /** Makes fresh policies. */
  @FunctionalInterface
  interface Provider {
    BackoffPolicy get();
  }
}
