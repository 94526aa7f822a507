package io.autoservice.bench.run;

import io.autoservice.bench.console.RunWatchers;
import io.autoservice.bench.sim.RunScript;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunSummary;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Event → console latency at a steady event rate below capacity, the way a shop sees it: agents in
 * long tasks streaming progress and output lines, a technician's console watching every run. The
 * bursts measure capacity: there every agent keeps its whole window in flight, so an event waits
 * behind the fleet's backlog (Little's law), and its latency says how deep the backlog is, not how
 * fast the controller hands an event on. Here {@code agents} agents each send one event every
 * {@code interval} (together {@code rate} a second), their starts spread over a few seconds so
 * their reports do not all come at once, every run watched.
 */
final class PacedPhase {
  static final String SECTION = "event -> console (paced)";

  /** The starts of the runs are spread over this, at most: the reports are spread as much. */
  private static final long MAX_START_SPREAD_MS = 5_000;

  private PacedPhase() {}

  /** Returns false when the phase timed out. */
  static boolean run(BenchContext ctx) throws InterruptedException {
    BenchOptions o = ctx.options;
    // This JVM's agents only: their events carry the send times latency is measured from.
    List<String> local = ctx.fleet.localAgentIds();
    List<String> agents = local.subList(0, Math.min(o.pacedAgents(), local.size()));
    int m = agents.size();
    long intervalMs = Math.max(1, Math.round(1000.0 * m / o.pacedRate()));
    Plan plan = Plans.longRun(o.pacedTasks());
    int eventsPerRun = RunScript.eventCount(plan.getTasksCount());
    long spreadMs = Math.min(MAX_START_SPREAD_MS, intervalMs * eventsPerRun / 4);
    ctx.fleet.closeGate();
    long delivered0 = ctx.counters().runsDelivered();
    long acked0 = ctx.counters().eventsAcked();
    ctx.fleet.pace(intervalMs, spreadMs);
    try (Milestones ms = new Milestones();
        RunWatchers watchers = new RunWatchers()) {
      List<RunSummary> runs =
          ctx.console
              .dispatch(
                  DispatchRequest.newBuilder()
                      .setPlan(plan)
                      .setAgentIds(AgentIdList.newBuilder().addAllIds(agents))
                      .build())
              .getRunsList();
      runs.forEach(r -> ctx.fleet.sendTimes().track(r.getRunId(), eventsPerRun));
      ms.watch("finished", () -> ctx.counters().runsDelivered() - delivered0 >= runs.size());
      boolean subscribed =
          watchers.watch(
              ctx.console,
              runs.stream().map(RunSummary::getRunId).toList(),
              ctx.fleet.sendTimes(),
              60_000);
      long t0 = System.nanoTime();
      CpuCost.Mark cpu0 = ctx.cpuMark();
      ctx.fleet.openGate();
      ctx.progress(
          SECTION,
          "%d agents x 1 event / %d ms (%d events/s), %d events a run, starts spread over %d ms,"
              + " watchers %s",
          m,
          intervalMs,
          Math.round(m * 1000.0 / intervalMs),
          eventsPerRun,
          spreadMs,
          subscribed ? "subscribed" : "NOT all subscribed");
      boolean done =
          ms.awaitAll(ctx.deadline(), () -> ctx.progress(SECTION, "waiting for %d runs", m));
      ctx.cpuPerEvent(SECTION, cpu0, ctx.counters().eventsAcked() - acked0);
      // the last events still travelling to the watchers (on a busy machine, or from another
      // replica through the store, later than a fixed pause allowed)
      watchers.awaitTimedEvents((long) runs.size() * eventsPerRun, 15_000);
      ctx.fleet.sendTimes().clear();
      if (!done) {
        ctx.results.add(SECTION, "every run finished", "TIMED OUT", "");
        return false;
      }
      long took = ms.reached("finished") - t0;
      long acked = ctx.counters().eventsAcked() - acked0;
      ctx.results.add(
          SECTION,
          "load: agents x events/s each",
          m + " x " + Math.round(1000.0 / intervalMs * 10) / 10.0,
          "");
      ctx.results.add(SECTION, "events per run (one report each)", eventsPerRun, "events");
      ctx.results.add(
          SECTION,
          "events acked/s (whole phase, ramps included)",
          Math.round(acked / (took / 1e9)) * 1.0,
          "events/s");
      Histogram h = watchers.latencyMicros();
      ctx.results.add(SECTION, "agent event -> watcher: events seen", h.getTotalCount(), "events");
      ctx.results.add(
          SECTION, "agent event -> watcher p50", h.getValueAtPercentile(50) / 1000.0, "ms");
      ctx.results.add(
          SECTION, "agent event -> watcher p99", h.getValueAtPercentile(99) / 1000.0, "ms");
      ctx.results.add(
          SECTION, "agent event -> watcher p99.9", h.getValueAtPercentile(99.9) / 1000.0, "ms");
      ctx.results.add(SECTION, "agent event -> watcher max", h.getMaxValue() / 1000.0, "ms");
      ctx.results.add(
          SECTION,
          "watcher resyncs / unmatched events",
          watchers.resyncs() + " / " + watchers.unmatched(),
          "");
      ctx.progress(SECTION, "done: p99 %.1f ms", h.getValueAtPercentile(99) / 1000.0);
      return true;
    } finally {
      ctx.fleet.pace(0, 0);
      ctx.fleet.openGate();
    }
  }
}
