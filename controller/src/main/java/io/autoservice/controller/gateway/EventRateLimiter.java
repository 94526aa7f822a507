package io.autoservice.controller.gateway;

import io.autoservice.controller.limits.TokenBucket;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one agent stream to at most {@code perSecond} messages a second (with a burst of one
 * second's worth) by flow control, not by refusal: each message that arrives reserves a token, and
 * the message's credit ({@code request(1)}) goes back to the agent only once that token is due. An
 * agent over the rate therefore simply finds its stream slower; nothing is dropped or refused, and
 * its events wait in its own journal rather than in the controller's memory. What one agent may
 * have in flight stays bounded by its credit, so it cannot crowd out the event writer for others.
 */
final class EventRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(EventRateLimiter.class);

  private final TokenBucket bucket;
  private final int perSecond;
  private final ScheduledExecutorService timer;
  private final LongSupplier ticker;
  private volatile boolean throttled;

  EventRateLimiter(int perSecond, ScheduledExecutorService timer, LongSupplier ticker) {
    this.bucket = new TokenBucket(perSecond, perSecond, ticker);
    this.perSecond = perSecond;
    this.timer = timer;
    this.ticker = ticker;
  }

  /**
   * Reserves a token for a message that just arrived and returns what gives its credit back:
   * running it returns {@code credit} at once if the token is due, else schedules it for then.
   */
  Runnable admit(String agentId, Runnable credit) {
    long wait = bucket.reserve();
    if (wait == 0) {
      return credit;
    }
    if (!throttled) {
      throttled = true; // once per stream: a flooding agent must not flood the log too
      log.info("agent {}: more than {} messages/s; slowing its stream down", agentId, perSecond);
    }
    long due = ticker.getAsLong() + wait;
    return () -> {
      long left = due - ticker.getAsLong();
      if (left <= 0) {
        credit.run();
      } else {
        try {
          timer.schedule(credit, left, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
          // The controller is shutting down; the stream goes with it.
        }
      }
    };
  }
}
