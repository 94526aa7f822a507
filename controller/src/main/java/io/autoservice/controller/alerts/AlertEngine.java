package io.autoservice.controller.alerts;

import io.autoservice.common.result.RunReport;
import io.autoservice.controller.model.AgentView;
import io.autoservice.controller.model.AlertFinding;
import io.autoservice.controller.model.RunFilter;
import io.autoservice.controller.model.RunRecord;
import io.autoservice.controller.model.RunState;
import io.autoservice.controller.store.AlertStore;
import io.autoservice.controller.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules, away from ingest. A finished run's id is offered to a bounded queue
 * served by one thread of its own ({@link #onFinished} never blocks: when the queue is full the id
 * is dropped); every finished run is marked evaluated in the same transaction as the alerts it
 * raised, so the runs a full queue or a crash left out are found by what is not marked, at start
 * and at each fleet check ({@link #catchUp}), and no run is evaluated twice, on any replica. The
 * fleet check (every {@code fleet_check_seconds}) also runs the fleet rules.
 */
public final class AlertEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
  static final int QUEUE = 10_000;
  private static final int CATCH_UP_BATCH = 1_000;

  /** How far back the trend rule looks for the PC's previous drive report (runs, newest first). */
  private static final int PREVIOUS_RUNS_LOOKED_AT = 50;

  private final AlertSettings settings;
  private final AlertStore store;
  private final RunStore runs;
  private final Supplier<List<AgentView>> fleet;
  private final MissedSchedules missed;
  private final Clock clock;
  private final ReportRules rules;
  private final Notifier notifier;
  private final ThreadPoolExecutor worker;
  private final ScheduledExecutorService timer;
  private final AtomicLong dropped = new AtomicLong();
  private volatile Instant missedCursor;

  AlertEngine(
      AlertSettings settings,
      AlertStore store,
      RunStore runs,
      Supplier<List<AgentView>> fleet,
      MissedSchedules missed,
      Clock clock,
      Notifier notifier) {
    this.settings = settings;
    this.store = store;
    this.runs = runs;
    this.fleet = fleet;
    this.missed = missed;
    this.clock = clock;
    this.notifier = notifier;
    this.rules = new ReportRules(settings);
    this.missedCursor = clock.instant().minus(catchUpWindow());
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> daemon(r, "alert-rules"),
            (r, pool) -> dropped.incrementAndGet());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "alert-fleet-check"));
  }

  /**
   * The alerts as the controller runs them: the rules, and a notifier for each channel the settings
   * configure (secrets read from their files now, so a missing file stops the start).
   */
  public static AlertEngine create(
      AlertSettings settings,
      AlertStore store,
      RunStore runs,
      Supplier<List<AgentView>> fleet,
      MissedSchedules missed,
      Clock clock)
      throws java.io.IOException {
    List<Channel> channels = new java.util.ArrayList<>();
    if (settings.webhookOn()) {
      channels.add(
          new WebhookChannel(
              java.net.URI.create(settings.webhookUrl()),
              settings.webhookSecret(),
              clock,
              Duration.ofSeconds(5),
              Duration.ofSeconds(10)));
    }
    if (settings.emailOn()) {
      try {
        channels.add(new EmailChannel(settings, settings.smtpPassword(), Duration.ofSeconds(20)));
      } catch (jakarta.mail.MessagingException e) {
        throw new java.io.IOException("alerts.smtp_*: " + e.getMessage(), e);
      }
    }
    Notifier notifier =
        new Notifier(
            store,
            channels,
            settings.maxAttempts(),
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            clock);
    AlertEngine engine = new AlertEngine(settings, store, runs, fleet, missed, clock, notifier);
    engine.start();
    return engine;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts the fleet checks (the first one catches up at once) and the notifications. */
  void start() {
    if (!settings.enabled()) {
      return;
    }
    timer.scheduleWithFixedDelay(
        this::checkQuietly, 0, settings.fleetCheckSeconds(), TimeUnit.SECONDS);
    notifier.start();
  }

  /** Gets a run whose end is durable: queued for evaluation, never blocking the caller. */
  public void onFinished(RunRecord run) {
    if (!settings.enabled()) {
      return;
    }
    String id = run.runId();
    worker.execute(() -> evaluateQuietly(id));
  }

  /** Run ids dropped because the queue was full (each is caught up later). */
  public long dropped() {
    return dropped.get();
  }

  private void evaluateQuietly(String runId) {
    try {
      evaluate(runId);
    } catch (RuntimeException e) {
      log.warn(
          "run {}: alert rules not applied yet ({}); the next check tries again",
          runId,
          e.toString());
    }
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      log.warn("alert fleet check failed: {}", e.toString());
    }
  }

  /** Applies the rules to one finished run, once; returns what it changed. */
  AlertStore.Applied evaluate(String runId) {
    RunRecord run = runs.run(runId).orElse(null);
    if (run == null || run.state() != RunState.FINISHED) {
      return AlertStore.Applied.ALREADY;
    }
    RunReport previous = rules.wantsPrevious(run) ? previousDriveReport(run).orElse(null) : null;
    ReportRules.Evaluation e = rules.evaluate(run, previous);
    AlertStore.Applied applied =
        store.apply(
            run.runId(),
            clock.instant(),
            e.findings(),
            e.scopes(),
            settings.channels(),
            settings.notifyResolved());
    announce(applied);
    return applied;
  }

  /**
   * The PC's newest finished run before this one whose report holds a drive report. The listing
   * carries plans, not reports: only a run whose plan has a drive report is read whole.
   */
  private Optional<RunReport> previousDriveReport(RunRecord run) {
    List<RunRecord> listed =
        runs.runs(
            new RunFilter(run.agentId(), RunState.FINISHED, null, null, PREVIOUS_RUNS_LOOKED_AT));
    for (RunRecord r : listed) {
      if (r.runId().equals(run.runId())
          || r.finishedAt() == null
          || run.finishedAt() == null
          || !r.finishedAt().isBefore(run.finishedAt())
          || r.plan().tasks().stream().noneMatch(t -> t.type().equals("smartctl_report"))) {
        continue;
      }
      Optional<RunReport> report = runs.run(r.runId()).map(RunRecord::report);
      if (report.isPresent() && SmartCountersGrew.hasDriveReport(report.get())) {
        return report;
      }
    }
    return Optional.empty();
  }

  /**
   * The periodic work: evaluates runs never evaluated (oldest first), then the fleet rules, then
   * forgets marks beyond the catch-up window.
   */
  void check() {
    catchUp();
    Instant now = clock.instant();
    if (settings.ruleOn(FleetRules.AGENT_OFFLINE)) {
      ReportRules.Evaluation off = FleetRules.offline(fleet.get(), now, settings.offline());
      announce(
          store.apply(
              null,
              now,
              off.findings(),
              off.scopes(),
              settings.channels(),
              settings.notifyResolved()));
    }
    if (settings.ruleOn(FleetRules.SCHEDULE_MISSED)) {
      List<MissedSchedules.Missed> m = missed.since(missedCursor, FleetRules.MAX_MISSED_PER_CHECK);
      List<AlertFinding> found = FleetRules.missed(m);
      if (!found.isEmpty()) {
        announce(store.apply(null, now, found, List.of(), settings.channels(), false));
      }
      m.stream()
          .map(MissedSchedules.Missed::recordedAt)
          .filter(t -> t != null)
          .max(Instant::compareTo)
          .ifPresent(t -> missedCursor = t.plusNanos(1000));
    }
    store.pruneEvaluated(now.minus(catchUpWindow()).minus(Duration.ofDays(1)));
  }

  /** Evaluates the finished runs of the catch-up window no evaluation has marked. */
  int catchUp() {
    int n = 0;
    int marked;
    List<String> ids;
    do {
      marked = 0;
      ids = store.unevaluated(clock.instant().minus(catchUpWindow()), CATCH_UP_BATCH);
      for (String id : ids) {
        if (evaluate(id).evaluated()) {
          marked++;
        }
      }
      n += marked;
      // A batch that marked nothing would come back the same: the next check tries again.
    } while (ids.size() == CATCH_UP_BATCH && marked > 0 && !Thread.currentThread().isInterrupted());
    if (n > 0) {
      log.info("alert rules applied to {} finished runs not evaluated before", n);
    }
    return n;
  }

  private Duration catchUpWindow() {
    return Duration.ofHours(settings.catchUpHours());
  }

  private void announce(AlertStore.Applied applied) {
    applied
        .raised()
        .forEach(
            a ->
                log.info(
                    "alert {} raised: {} on {} {}: {}",
                    a.id(),
                    a.rule(),
                    a.agentId(),
                    a.subject(),
                    a.message()));
    applied
        .resolved()
        .forEach(a -> log.info("alert {} resolved: {} on {}", a.id(), a.rule(), a.agentId()));
    if (!applied.raised().isEmpty() || !applied.resolved().isEmpty()) {
      notifier.wake();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    worker.shutdownNow();
    notifier.close();
  }
}
