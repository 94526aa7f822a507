package io.autoservice.bench.run;

import io.autoservice.bench.sim.RunScript;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunStatus;
import io.autoservice.proto.v1.RunSummary;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reconnect storm: a plan goes to every agent, and once about a quarter of its events are
 * durable the controller is killed with SIGKILL, restarted on the same data folder and port, and
 * the fleet comes back by itself with the real agent's backoff and jitter (and the controller's
 * connect throttle, if set). Measures the time until every agent had a Welcome again, and how the
 * runs that were in flight ended: resent from the Welcome's acked sequence, none should fail.
 */
final class StormPhase {
  private static final String S = "reconnect storm";

  private StormPhase() {}

  /** Returns the number of runs that did not end OK, or -1 on a timeout. */
  static int run(BenchContext ctx) throws InterruptedException, IOException {
    int n = ctx.options.agents();
    Plan plan = Plans.quickCheck();
    long expectedEvents = (long) n * RunScript.eventCount(plan.getTasksCount());
    long acked0 = ctx.counters().eventsAcked();
    long delivered0 = ctx.counters().runsDelivered();
    List<RunSummary> runs = ctx.dispatchToFleet(plan);
    long deadline = ctx.deadline();
    while (ctx.counters().eventsAcked() - acked0 < expectedEvents / 4
        && ctx.counters().runsDelivered() - delivered0 < runs.size()) {
      if (System.nanoTime() > deadline) {
        ctx.results.add(S, "runs started before kill", "TIMED OUT", "");
        return -1;
      }
      Thread.sleep(1);
    }
    ctx.fleet.newEpoch();
    long inFlight = runs.size() - (ctx.counters().runsDelivered() - delivered0);
    long tKill = System.nanoTime();
    ctx.controller.kill9();
    ctx.progress("storm", "controller killed (kill -9) with %d runs in flight", inFlight);
    Duration restart = ctx.controller.start();
    long tServing = System.nanoTime();
    ctx.progress(
        "storm",
        "controller restarted (pid %d) in %d ms",
        ctx.controller.pid(),
        restart.toMillis());
    long deadline2 = ctx.deadline();
    long nextLog = System.nanoTime() + 5_000_000_000L;
    while (ctx.counters().welcomedThisEpoch() < n) {
      if (System.nanoTime() > deadline2) {
        ctx.results.add(S, "agents back (TIMED OUT)", ctx.counters().welcomedThisEpoch(), "agents");
        return -1;
      }
      if (System.nanoTime() > nextLog) {
        ctx.progress("storm", "%d/%d back", ctx.counters().welcomedThisEpoch(), n);
        nextLog += 5_000_000_000L;
      }
      Thread.sleep(2);
    }
    long tBack = System.nanoTime();
    ctx.results.add(S, "runs in flight at kill -9", inFlight, "runs");
    ctx.results.add(S, "controller restart until serving", restart.toMillis(), "ms");
    ctx.results.add(
        S, "all agents back (Welcome) after kill", BenchContext.seconds(tBack - tKill), "s");
    ctx.results.add(
        S, "all agents back after serving again", BenchContext.seconds(tBack - tServing), "s");
    ctx.results.add(S, "connects refused (pushback), total", ctx.counters().pushbacks(), "streams");
    while (ctx.counters().runsDelivered() - delivered0 < runs.size()) {
      if (System.nanoTime() > deadline2) {
        ctx.results.add(
            S,
            "runs finished after restart",
            "TIMED OUT ("
                + (ctx.counters().runsDelivered() - delivered0)
                + " of "
                + runs.size()
                + ")",
            "");
        return -1;
      }
      Thread.sleep(5);
    }
    long tDone = System.nanoTime();
    ctx.results.add(S, "all runs finished after kill", BenchContext.seconds(tDone - tKill), "s");
    ctx.results.add(
        S, "events resent after reconnect (total)", ctx.counters().eventsResent(), "events");
    Map<RunStatus, Integer> outcomes = RunOutcomes.count(ctx.console, runs);
    int bad = RunOutcomes.notOk(outcomes);
    ctx.results.add(S, "runs ended failed/error", bad, "runs");
    ctx.progress("storm", "done: %s", RunOutcomes.describe(outcomes));
    return bad;
  }
}
