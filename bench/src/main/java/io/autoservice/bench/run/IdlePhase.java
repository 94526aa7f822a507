package io.autoservice.bench.run;

import io.autoservice.bench.controller.ProcStats;
import java.io.IOException;

/**
 * The controller holding N idle agents (heartbeats only): RSS and threads from /proc, CPU over the
 * idle window as percent of one core, and heap used from {@code jcmd GC.heap_info} (taken after the
 * window, so jcmd's own attach does not count in the CPU figure).
 */
final class IdlePhase {
  private static final long SETTLE_MILLIS = 2_000;

  private IdlePhase() {}

  static void run(BenchContext ctx) throws IOException, InterruptedException {
    Thread.sleep(SETTLE_MILLIS); // let the last handshakes and Welcome writes drain
    long pid = ctx.controller.pid();
    ctx.progress("idle", "measuring %d s", ctx.options.idleSeconds());
    ProcStats.Sample a = ProcStats.sample(pid);
    Thread.sleep(ctx.options.idleSeconds() * 1000L);
    ProcStats.Sample b = ProcStats.sample(pid);
    ctx.results.add("idle", "controller RSS", b.rssKb() / 1024, "MB");
    ctx.results.add("idle", "controller threads", b.threads(), "threads");
    ctx.results.add(
        "idle",
        "controller CPU (" + ctx.options.idleSeconds() + " s window)",
        Math.round(ProcStats.cpuPercent(a, b) * 10) / 10.0,
        "% of 1 core");
    long heap = ProcStats.heapUsedKb(pid);
    ctx.results.add(
        "idle", "controller heap used", heap < 0 ? "n/a" : (Object) (heap / 1024), "MB");
    ctx.results.add("idle", "agents online", ctx.counters().online(), "agents");
  }
}
