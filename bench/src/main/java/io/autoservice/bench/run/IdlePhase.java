package io.autoservice.bench.run;

import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.controller.HeldConnections;
import io.autoservice.bench.controller.ProcStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller holding N idle agents (heartbeats only): RSS and threads from /proc, CPU over the
 * idle window as percent of one core, and heap used from {@code jcmd GC.heap_info} (taken after the
 * window, so jcmd's own attach does not count in the CPU figure). With several replicas, each one's
 * figures and the agent connections it holds (from the kernel's TCP table).
 */
final class IdlePhase {
  private static final long SETTLE_MILLIS = 2_000;

  private IdlePhase() {}

  static void run(BenchContext ctx) throws IOException, InterruptedException {
    Thread.sleep(SETTLE_MILLIS); // let the last handshakes and Welcome writes drain
    List<ControllerProcess> all = ctx.replicas.all();
    ctx.progress("idle", "measuring %d s", ctx.options.idleSeconds());
    List<ProcStats.Sample> before = new ArrayList<>();
    for (ControllerProcess c : all) {
      before.add(ProcStats.sample(c.pid()));
    }
    Thread.sleep(ctx.options.idleSeconds() * 1000L);
    long rssSum = 0;
    for (int i = 0; i < all.size(); i++) {
      ControllerProcess c = all.get(i);
      ProcStats.Sample b = ProcStats.sample(c.pid());
      rssSum += b.rssKb();
      String who = all.size() == 1 ? "controller" : "replica " + (i + 1);
      if (all.size() > 1) {
        ctx.results.add(
            "idle",
            who + " TCP connections held (agents; replica 1 also the console's)",
            HeldConnections.count(c.port()),
            "connections");
      }
      ctx.results.add("idle", who + " RSS", b.rssKb() / 1024, "MB");
      ctx.results.add("idle", who + " threads", b.threads(), "threads");
      ctx.results.add(
          "idle",
          who + " CPU (" + ctx.options.idleSeconds() + " s window)",
          Math.round(ProcStats.cpuPercent(before.get(i), b) * 10) / 10.0,
          "% of 1 core");
      long heap = ProcStats.heapUsedKb(c.pid());
      ctx.results.add("idle", who + " heap used", heap < 0 ? "n/a" : (Object) (heap / 1024), "MB");
    }
    if (all.size() > 1) {
      ctx.results.add("idle", "controllers' RSS, all replicas", rssSum / 1024, "MB");
    }
    ctx.results.add("idle", "agents online", ctx.counters().online(), "agents");
  }
}
