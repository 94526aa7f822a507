package io.autoservice.controller.metrics;

import io.autoservice.common.result.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The controller's own meters, all {@code autoservice.*}, tagged only with small fixed sets of
 * values (a state, a status, a reason): never an agent or a run, so a fleet of 10,000 makes the
 * same few series as a fleet of one. Every meter is created here, once, so the hot paths only
 * increment (no lookups, no allocation beyond Micrometer's own).
 */
public final class ControllerMeters implements RefusalCounter {
  /** Why something was refused: the {@code reason} tag of {@code autoservice.refusals}. */
  public static final List<String> REFUSAL_REASONS =
      List.of("auth", "permission", "storm", "watch_quota", "message_limit");

  private final MeterRegistry registry;
  private final Map<RunStatus, Counter> finished = new EnumMap<>(RunStatus.class);
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
  private final Timer dispatchAck;
  private final Counter eventsReceived;
  private final Counter eventsCommitted;
  private final Timer storeCommit;
  private final DistributionSummary batchSize;

  public ControllerMeters(MeterRegistry registry) {
    this.registry = registry;
    for (RunStatus s : RunStatus.values()) {
      finished.put(
          s,
          Counter.builder("autoservice.runs.finished")
              .description("Runs ended, by how they ended")
              .tag("status", s.wireName())
              .register(registry));
    }
    for (String reason : REFUSAL_REASONS) {
      refusals.put(
          reason,
          Counter.builder("autoservice.refusals")
              .description("Requests and streams refused, by why")
              .tag("reason", reason)
              .register(registry));
    }
    this.dispatchAck =
        Timer.builder("autoservice.dispatch.ack")
            .description("From a run's dispatch to its agent's acknowledgement of the assignment")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    this.eventsReceived =
        Counter.builder("autoservice.events.received")
            .description("Run events accepted from agents (queued for the store)")
            .register(registry);
    this.eventsCommitted =
        Counter.builder("autoservice.events.committed")
            .description("Run events committed to the store (and acknowledged)")
            .register(registry);
    Gauge.builder(
            "autoservice.events.lag",
            this,
            m -> Math.max(0, m.eventsReceived.count() - m.eventsCommitted.count()))
        .description("Run events accepted but not yet committed")
        .register(registry);
    this.storeCommit =
        Timer.builder("autoservice.store.commit")
            .description("Time to write and commit one batch of changes")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("autoservice.store.batch.size")
            .description("Changes written in one commit")
            .baseUnit("changes")
            .register(registry);
  }

  /** Meters nobody reads, for tests and tools that start parts of the controller. */
  public static ControllerMeters none() {
    return new ControllerMeters(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A gauge read at each scrape; {@code value} must be cheap (no scan of the fleet). */
  public void gauge(String name, String description, String tag, String value, Supplier<Number> v) {
    Gauge.builder(name, v).description(description).tag(tag, value).register(registry);
  }

  /** As {@link #gauge(String, String, String, String, Supplier)}, untagged. */
  public void gauge(String name, String description, Supplier<Number> v) {
    Gauge.builder(name, v).description(description).register(registry);
  }

  public void runFinished(RunStatus status) {
    finished.get(status).increment();
  }

  public void dispatchAcked(Duration sinceDispatch) {
    dispatchAck.record(sinceDispatch.isNegative() ? Duration.ZERO : sinceDispatch);
  }

  public void eventReceived() {
    eventsReceived.increment();
  }

  public void eventsCommitted(int n) {
    if (n > 0) {
      eventsCommitted.increment(n);
    }
  }

  public void storeCommitted(int changes, long nanos) {
    storeCommit.record(nanos, TimeUnit.NANOSECONDS);
    batchSize.record(changes);
  }

  @Override
  public void refused(String reason) {
    Counter c = refusals.get(reason);
    if (c == null) {
      throw new IllegalArgumentException(
          "reason: " + reason + " (expected one of " + REFUSAL_REASONS + ")");
    }
    c.increment();
  }
}
