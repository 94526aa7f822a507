package io.autoservice.agent.tasks.speedtest;

import io.autoservice.agent.tasks.TaskContext;
import io.autoservice.agent.tasks.support.DaemonThreads;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A speedtest's progress: set at each step, and once a second while a transfer runs. */
final class SpeedtestProgress {
  private final TaskContext ctx;
  private ScheduledExecutorService ticker;
  private volatile SpeedtestHttp http;
  private volatile String label;
  private volatile double from;
  private volatile double to;
  private volatile double seconds;
  private volatile long startedNanos;

  SpeedtestProgress(TaskContext ctx) {
    this.ctx = ctx;
  }

  void start(SpeedtestHttp h) {
    http = h;
    ticker =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("speedtest-progress"));
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  void set(double percent, String message) {
    label = null;
    report(percent, message);
  }

  void transfer(double fromPercent, double toPercent, String what, double budgetSeconds) {
    from = fromPercent;
    to = toPercent;
    seconds = budgetSeconds;
    startedNanos = System.nanoTime();
    label = what;
    report(fromPercent, what + "…");
  }

  private void tick() {
    String l = label;
    if (l == null || http == null) {
      return;
    }
    double elapsed = (System.nanoTime() - startedNanos) / 1e9;
    double mbps = elapsed > 0 ? http.liveBytes.get() * 8 / elapsed / 1e6 : 0;
    report(
        from + (to - from) * Math.min(1, elapsed / seconds),
        String.format(Locale.ROOT, "%s… %.1f Mbps", l, mbps));
  }

  private void report(double percent, String message) {
    try {
      ctx.progress(percent, message);
    } catch (RuntimeException e) {
      // best effort
    }
  }

  void stop() {
    label = null;
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
