package io.autoservice.bench.run;

import io.autoservice.bench.console.RunWatchers;
import io.autoservice.bench.sim.RunScript;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A plan dispatched to every agent, measured end to end: the Dispatch RPC, every AssignRun acked,
 * every run finished (its RunFinished acked as durable), durable events/s and runs/s, and the
 * latency from an agent's send to a console watcher's receipt. Playback waits after the CommandAck
 * until the watchers are subscribed (a few ms to a few hundred), so what they see is live traffic,
 * not a replay from the store; throughput is counted from that moment.
 */
final class DispatchPhase {
  /** Longest wait after the last run finished for its events to reach the watchers. */
  private static final long WATCHER_GRACE_MILLIS = 15_000;

  private DispatchPhase() {}

  /** Returns the number of runs that did not finish OK, or -1 when the phase timed out. */
  static int run(BenchContext ctx, String section) throws InterruptedException {
    Plan plan = Plans.quickCheck();
    int eventsPerRun = RunScript.eventCount(plan.getTasksCount());
    // Gate first: once every simulator process acknowledged it, the counters below are current.
    ctx.fleet.closeGate();
    long assigns0 = ctx.counters().assignsAcked();
    long delivered0 = ctx.counters().runsDelivered();
    long acked0 = ctx.counters().eventsAcked();
    int n = ctx.options.agents();
    try (Milestones m = new Milestones();
        RunWatchers watchers = new RunWatchers()) {
      m.watch("assigned", () -> ctx.counters().assignsAcked() - assigns0 >= n);
      long t0 = System.nanoTime();
      List<RunSummary> runs = ctx.dispatchToFleet(plan);
      long tRpc = System.nanoTime();
      // Send times exist only for this JVM's agents: child processes report counters, not times.
      List<RunSummary> timed =
          runs.stream().filter(r -> ctx.localAgentIds.contains(r.getAgentId())).toList();
      timed.forEach(r -> ctx.fleet.sendTimes().track(r.getRunId(), eventsPerRun));
      m.watch("finished", () -> ctx.counters().runsDelivered() - delivered0 >= runs.size());
      List<String> ids = runs.stream().map(RunSummary::getRunId).toList();
      boolean subscribed = watchers.watch(ctx.console, ids, ctx.fleet.sendTimes(), 60_000);
      long tGate = System.nanoTime();
      CpuCost.Mark cpu0 = ctx.cpuMark();
      ctx.fleet.openGate();
      ctx.progress(
          section,
          "%d runs dispatched in %.0f ms, watchers %s after %.0f ms",
          runs.size(),
          (tRpc - t0) / 1e6,
          subscribed ? "subscribed" : "NOT all subscribed",
          (tGate - t0) / 1e6);
      boolean done =
          m.awaitAll(
              ctx.deadline(), () -> ctx.progress(section, "waiting for %d runs", runs.size()));
      long ackedAtEnd = ctx.counters().eventsAcked() - acked0;
      ctx.cpuPerEvent(section, cpu0, ackedAtEnd);
      // the last events still travelling to the watchers (from another replica: via the store)
      long waited =
          watchers.awaitTimedEvents((long) timed.size() * eventsPerRun, WATCHER_GRACE_MILLIS);
      ctx.fleet.sendTimes().clear();
      ctx.results.add(section, "runs dispatched", runs.size(), "runs");
      ctx.results.add(section, "Dispatch RPC returned", BenchContext.millis(tRpc - t0), "ms");
      Long tAssigned = m.reached("assigned");
      ctx.results.add(
          section,
          "every AssignRun acked",
          tAssigned == null ? "TIMED OUT" : BenchContext.millis(tAssigned - t0),
          "ms");
      ctx.results.add(
          section, "watchers subscribed, playback released", BenchContext.millis(tGate - t0), "ms");
      Long tDone = m.reached("finished");
      if (!done || tDone == null) {
        ctx.results.add(
            section,
            "every run finished",
            "TIMED OUT ("
                + (ctx.counters().runsDelivered() - delivered0)
                + " of "
                + runs.size()
                + ")",
            "");
        return -1;
      }
      long window = tDone - tGate;
      long acked = ctx.counters().eventsAcked() - acked0;
      ctx.results.add(
          section, "every run finished (RunFinished acked)", BenchContext.millis(tDone - t0), "ms");
      ctx.results.add(section, "durable events acked", acked, "events");
      ctx.results.add(
          section, "durable events acked/s", Math.round(acked / (window / 1e9)) * 1.0, "events/s");
      ctx.results.add(
          section,
          "runs finished/s",
          Math.round(runs.size() / (window / 1e9) * 10) / 10.0,
          "runs/s");
      ctx.results.add(
          section,
          "watched runs timed (this process's agents)",
          String.format(java.util.Locale.ROOT, "%,d of %,d", timed.size(), runs.size()),
          "runs");
      ctx.results.add(
          section, "watchers caught up after every run finished (at most 15 s)", waited, "ms");
      latency(ctx, section, watchers);
      Map<RunStatus, Integer> outcomes = RunOutcomes.count(ctx.console, runs);
      int bad = RunOutcomes.notOk(outcomes);
      ctx.results.add(
          section, "runs ended OK", outcomes.getOrDefault(RunStatus.RUN_STATUS_OK, 0), "runs");
      ctx.results.add(section, "runs ended failed/error", bad, "runs");
      ctx.progress(section, "done: %s", RunOutcomes.describe(outcomes));
      return bad;
    } finally {
      ctx.fleet.openGate();
    }
  }

  private static void latency(BenchContext ctx, String section, RunWatchers w) {
    Histogram h = w.latencyMicros();
    ctx.results.add(section, "agent event -> watcher: events seen", h.getTotalCount(), "events");
    ctx.results.add(
        section, "agent event -> watcher p50", h.getValueAtPercentile(50) / 1000.0, "ms");
    ctx.results.add(
        section, "agent event -> watcher p99", h.getValueAtPercentile(99) / 1000.0, "ms");
    ctx.results.add(section, "agent event -> watcher max", h.getMaxValue() / 1000.0, "ms");
    ctx.results.add(
        section, "watcher resyncs / unmatched events", w.resyncs() + " / " + w.unmatched(), "");
  }
}
