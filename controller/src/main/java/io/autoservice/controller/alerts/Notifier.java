package io.autoservice.controller.alerts;

import io.autoservice.controller.model.Alert;
import io.autoservice.controller.model.AlertDelivery;
import io.autoservice.controller.store.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the notifications the store holds, each channel on its own thread: a webhook that hangs
 * holds up neither the email nor the rules, and never ingest. A delivery is claimed for a lease
 * before it is sent (two replicas never send the same one at once), marked sent afterwards, or
 * tried again with exponential backoff (5 s doubling up to 10 min) until {@code max_attempts}.
 * Being rows in the store, pending deliveries survive a restart and are resumed.
 */
final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final int BATCH = 20;
  private static final long POLL_SECONDS = 2;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  private final AlertStore store;
  private final List<Channel> channels;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Duration lease;
  private final Clock clock;
  private final List<ScheduledExecutorService> threads = new ArrayList<>();

  /**
   * @param lease how long a claimed delivery is left to its sender before another may try: longer
   *     than a send can take (the channels' timeouts)
   */
  Notifier(
      AlertStore store,
      List<Channel> channels,
      int maxAttempts,
      Duration firstBackoff,
      Duration lease,
      Clock clock) {
    this.store = store;
    this.channels = List.copyOf(channels);
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.lease = lease;
    this.clock = clock;
  }

  void start() {
    for (Channel c : channels) {
      ScheduledExecutorService t =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread th = new Thread(r, "alert-" + c.name());
                th.setDaemon(true);
                return th;
              });
      threads.add(t);
      t.scheduleWithFixedDelay(() -> drainQuietly(c), 0, POLL_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** Sends what is due now instead of at the next poll (an alert was just raised). */
  void wake() {
    for (int i = 0; i < threads.size(); i++) {
      Channel c = channels.get(i);
      try {
        threads.get(i).execute(() -> drainQuietly(c));
      } catch (RejectedExecutionException closed) {
        // shutting down: the next start sends it
      }
    }
  }

  private void drainQuietly(Channel c) {
    try {
      drain(c);
    } catch (RuntimeException e) {
      log.warn("alert notifications over {}: {}", c.name(), e.toString());
    }
  }

  /** Sends every delivery of the channel due now; returns how many were sent. */
  int drain(Channel c) {
    int sent = 0;
    List<AlertDelivery> due = store.due(c.name(), clock.instant(), BATCH);
    for (AlertDelivery d : due) {
      Instant now = clock.instant();
      if (!store.claim(d, now.plus(lease))) {
        continue;
      }
      Optional<Alert> alert = store.find(d.alertId());
      if (alert.isEmpty()) {
        store.failedAttempt(d.id(), d.attempts() + 1, null, "the alert is gone");
        continue;
      }
      try {
        c.send(alert.get(), d.event());
        store.delivered(d.id());
        sent++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return sent;
      } catch (Exception e) {
        int attempts = d.attempts() + 1;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (attempts >= maxAttempts) {
          log.error(
              "alert {} {} over {}: gave up after {} attempts: {}",
              d.alertId(),
              d.event(),
              c.name(),
              attempts,
              why);
          store.failedAttempt(d.id(), attempts, null, why);
        } else {
          Duration wait = backoff(attempts);
          log.warn(
              "alert {} {} over {} failed (attempt {}): {}; again in {} s",
              d.alertId(),
              d.event(),
              c.name(),
              attempts,
              why,
              wait.toSeconds());
          store.failedAttempt(d.id(), attempts, clock.instant().plus(wait), why);
        }
      }
    }
    return sent;
  }

  /** The wait after {@code attempts} failures: doubling from the first, capped. */
  Duration backoff(int attempts) {
    Duration d = firstBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  @Override
  public void close() {
    threads.forEach(ScheduledExecutorService::shutdownNow);
  }
}
