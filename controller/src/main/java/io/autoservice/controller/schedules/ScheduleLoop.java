package io.autoservice.controller.schedules;

import io.autoservice.controller.model.AgentRecord;
import io.autoservice.controller.model.DeliveryRecord;
import io.autoservice.controller.model.ScheduleRecord;
import io.autoservice.controller.model.WindowRecord;
import io.autoservice.controller.store.ScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: on its own timer thread, every tick it
 *
 * <ol>
 *   <li>fires each enabled schedule's occurrences that came due since its last one (on start, those
 *       that fell while the controller was down: within the catch-up limit they run late, beyond it
 *       each PC's delivery is recorded missed), materialising one delivery per target PC that
 *       starts at the occurrence plus the PC's {@link Jitter} offset; and
 *   <li>looks at the deliveries whose start has come: a PC online and inside its maintenance window
 *       (or with none) has its delivery claimed and its run created; the others wait, and are
 *       recorded missed once the catch-up limit after the occurrence has passed.
 * </ol>
 *
 * <p>Exactly once: an occurrence is taken by inserting its row (one controller or attempt wins); a
 * delivery by a conditional UPDATE pending -> dispatching; the run's id is derived from (schedule,
 * occurrence, PC), so a claim retried after a crash between claiming and storing the run (a claim
 * older than {@link #CLAIM_LEASE}) creates that run once. Each step is a small transaction; the
 * loop never touches an agent stream or a lock ingest needs.
 */
public final class ScheduleLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScheduleLoop.class);

  /** A claim not confirmed after this long is taken again (its controller stopped). */
  public static final Duration CLAIM_LEASE = Duration.ofMinutes(2);

  /** Deliveries read per page. */
  static final int BATCH = 1_000;

  /**
   * Deliveries looked at per tick at most (paged past those that keep waiting); the rest wait for
   * the next tick.
   */
  static final int MAX_PER_TICK = 20_000;

  private final ScheduleStore store;
  private final ScheduleFleet fleet;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final OccurrenceFiring firing;
  private final Duration tick;
  private volatile ScheduledFuture<?> running;

  public ScheduleLoop(
      ScheduleStore store,
      ScheduleFleet fleet,
      Clock clock,
      ScheduledExecutorService timer,
      Duration tick) {
    this.store = store;
    this.fleet = fleet;
    this.clock = clock;
    this.timer = timer;
    this.tick = tick;
    this.firing = new OccurrenceFiring(store, fleet);
  }

  public void start() {
    running =
        timer.scheduleWithFixedDelay(
            this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    ScheduledFuture<?> r = running;
    if (r != null) {
      r.cancel(false);
    }
  }

  /** One pass: fire what came due, then deliver what may start. Never throws. */
  public void tick() {
    try {
      Instant now = clock.instant();
      Map<String, ScheduleRecord> schedules = new HashMap<>();
      for (ScheduleRecord s : store.list()) {
        schedules.put(s.scheduleId(), s);
        if (s.enabled()) {
          firing.fireDue(s, now);
        }
      }
      deliver(schedules, now);
    } catch (RuntimeException e) {
      log.warn("schedule pass failed, retried next tick: {}", e.toString());
    }
  }

  /**
   * Fires a schedule now, besides its recurrence: every target PC starts at once (no jitter, no
   * window waited for), or when it comes back within the catch-up limit. Returns the PCs it went
   * to, or empty when that instant was taken already.
   */
  public Optional<Integer> runNow(ScheduleRecord s) {
    Instant now = clock.instant();
    List<DeliveryRecord> d = firing.deliveries(s, now, now, false);
    boolean taken = store.fire(s.scheduleId(), now, false, now, d, OccurrenceFiring.emptyNote(s));
    if (taken) {
      timer.execute(this::tick);
    }
    return taken ? Optional.of(d.size()) : Optional.empty();
  }

  // ---- delivering

  private void deliver(Map<String, ScheduleRecord> schedules, Instant now) {
    List<WindowRecord> windows = null;
    DeliveryRecord after = null;
    for (int seen = 0; seen < MAX_PER_TICK; ) {
      List<DeliveryRecord> due = store.due(now, now.minus(CLAIM_LEASE), after, BATCH);
      if (due.isEmpty()) {
        return;
      }
      if (windows == null) {
        windows = store.windows();
      }
      deliver(schedules, due, windows, now);
      seen += due.size();
      after = due.get(due.size() - 1);
      if (due.size() < BATCH) {
        return;
      }
    }
  }

  private void deliver(
      Map<String, ScheduleRecord> schedules,
      List<DeliveryRecord> due,
      List<WindowRecord> windows,
      Instant now) {
    List<ScheduleStore.Waiting> waits = new java.util.ArrayList<>();
    for (DeliveryRecord d : due) {
      ScheduleRecord s = schedules.get(d.scheduleId());
      if (s == null) {
        continue; // deleted since
      }
      try {
        deliver(s, d, windows, now, waits);
      } catch (RuntimeException e) {
        log.warn(
            "schedule {}: delivery to {} failed, retried: {}", s.name(), d.agentId(), e.toString());
      }
    }
    store.waiting(waits, now);
  }

  private void deliver(
      ScheduleRecord s,
      DeliveryRecord d,
      List<WindowRecord> windows,
      Instant now,
      List<ScheduleStore.Waiting> waits) {
    Optional<AgentRecord> agent = fleet.known(d.agentId());
    if (d.state() == DeliveryRecord.State.DISPATCHING) {
      // A claim whose controller stopped before confirming: take it over; the run id is the same.
      if (agent.isPresent() && store.claim(d, now)) {
        launch(s, d, agent.get());
      }
      return;
    }
    Instant limit = d.occurrence().plus(s.catchUp());
    String waitingFor;
    if (agent.isEmpty()) {
      waitingFor = "agent " + d.agentId() + " is not known to the controller";
    } else if (!s.enabled() && !d.ignoreWindows()) {
      waitingFor = "the schedule is paused";
    } else if (!fleet.online(d.agentId())) {
      waitingFor = "waiting for the PC to come online";
    } else {
      waitingFor =
          d.ignoreWindows()
              ? null
              : Windows.closed(windows, agent.get().labels(), now).orElse(null);
    }
    if (waitingFor == null) {
      if (store.claim(d, now)) {
        launch(s, d, agent.get());
      }
    } else if (now.isAfter(limit)) {
      String reason =
          waitingFor.replaceFirst("^waiting for", "was waiting for")
              + " until the catch-up limit ("
              + Durations.text(s.catchUp())
              + " after "
              + d.occurrence()
              + ") passed";
      if (store.missed(d, reason, now)) {
        log.atInfo()
            .setMessage("scheduled run missed")
            .addKeyValue("schedule", s.name())
            .addKeyValue("agent_id", d.agentId())
            .addKeyValue("occurrence", d.occurrence())
            .addKeyValue("reason", reason)
            .log();
      }
    } else {
      waits.add(new ScheduleStore.Waiting(d, waitingFor));
    }
  }

  private void launch(ScheduleRecord s, DeliveryRecord d, AgentRecord agent) {
    fleet
        .launch(s, agent, d.runId())
        .whenComplete(
            (ok, failed) -> {
              if (failed != null) {
                log.warn(
                    "schedule {}: run for {} not stored, retried after {}: {}",
                    s.name(),
                    d.agentId(),
                    CLAIM_LEASE,
                    failed.toString());
                return;
              }
              try {
                store.dispatched(d, clock.instant());
              } catch (RuntimeException e) {
                // The run exists: the next claim finds it and only confirms.
                log.warn("schedule {}: confirming failed: {}", s.name(), e.toString());
              }
            });
  }
}
