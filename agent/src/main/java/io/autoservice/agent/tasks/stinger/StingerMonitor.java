package io.autoservice.agent.tasks.stinger;

import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.support.DaemonThreads;
import io.autoservice.agent.tasks.support.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a running Stinger (which prints nothing while it scans): every interval it reports
 * progress (elapsed time against the timeout, percent unknown) and looks at the newest {@code
 * Stinger_*.html} written during the run. Every sixth look it logs {@code Stinger still running...
 * (<s>s elapsed, <p>% of timeout)}; when the log has not grown for the idle threshold it logs one
 * warning per idle stretch. It never stops Stinger: only the timeout does.
 */
final class StingerMonitor implements AutoCloseable {
  static final int LOG_EVERY = 6;

  private final TaskContext ctx;
  private final Path logsDir;
  private final long startedMillis;
  private final long startedNanos;
  private final Duration timeout;
  private final Duration interval;
  private final Duration idleWarning;
  private ScheduledExecutorService timer;

  private long ticks;
  private StingerLogs.Stamp lastSeen;
  private long lastGrowthNanos;
  private boolean warnedThisStretch;
  private boolean everIdle;

  StingerMonitor(
      TaskContext ctx,
      Path logsDir,
      long startedMillis,
      Duration timeout,
      Duration interval,
      Duration idleWarning) {
    this.ctx = ctx;
    this.logsDir = logsDir;
    this.startedMillis = startedMillis;
    this.startedNanos = System.nanoTime();
    this.lastGrowthNanos = startedNanos;
    this.timeout = timeout;
    this.interval = interval;
    this.idleWarning = idleWarning;
  }

  /** Starts looking every interval on a daemon thread. */
  void start() {
    timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("stinger-monitor"));
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleAtFixedRate(() -> tick(System.nanoTime()), ms, ms, TimeUnit.MILLISECONDS);
  }

  /** One look at the log, reporting progress; {@code nowNanos} from {@link System#nanoTime}. */
  synchronized void tick(long nowNanos) {
    try {
      ticks++;
      Optional<StingerLogs.Stamp> log = StingerLogs.newest(logsDir, startedMillis);
      if (log.isPresent() && !log.get().equals(lastSeen)) {
        lastSeen = log.get();
        lastGrowthNanos = nowNanos;
        warnedThisStretch = false;
      }
      long elapsed = Duration.ofNanos(nowNanos - startedNanos).toSeconds();
      long percent =
          timeout.toSeconds() <= 0 ? 0 : Math.min(100, 100 * elapsed / timeout.toSeconds());
      Duration idle = Duration.ofNanos(nowNanos - lastGrowthNanos);
      String logState =
          lastSeen == null ? "no log yet" : "log updated " + Durations.text(idle) + " ago";
      ctx.progress(
          -1,
          "Stinger scanning: "
              + Durations.text(Duration.ofNanos(nowNanos - startedNanos))
              + " elapsed of "
              + Durations.text(timeout)
              + " timeout; "
              + logState);
      if (ticks % LOG_EVERY == 0) {
        ctx.log("Stinger still running... (" + elapsed + "s elapsed, " + percent + "% of timeout)");
      }
      if (nowNanos - lastGrowthNanos >= idleWarning.toNanos() && !warnedThisStretch) {
        warnedThisStretch = true;
        everIdle = true;
        ctx.log(
            "Warning: Stinger's log "
                + (lastSeen == null ? "has not appeared" : "has not grown")
                + " for "
                + Durations.text(idle)
                + "; still waiting (only the timeout stops the scan)");
      }
    } catch (RuntimeException e) {
      // Watching must never disturb the scan.
    }
  }

  /** Whether the log was idle for the threshold at some point. */
  synchronized boolean everIdle() {
    return everIdle;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
