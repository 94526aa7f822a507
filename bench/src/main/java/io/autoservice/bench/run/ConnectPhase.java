package io.autoservice.bench.run;

import io.autoservice.bench.sim.FleetSnapshot;

/** All N agents open their streams at once, from cold; done when every one has had its Welcome. */
final class ConnectPhase {
  private ConnectPhase() {}

  static boolean run(BenchContext ctx) throws InterruptedException {
    int n = ctx.options.agents();
    ctx.fleet.newEpoch();
    long t0 = System.nanoTime();
    ctx.fleet.connectAll();
    long deadline = ctx.deadline();
    long nextLog = t0 + 5_000_000_000L;
    while (ctx.counters().welcomedThisEpoch() < n) {
      if (System.nanoTime() > deadline) {
        ctx.results.add(
            "connect", "agents welcomed (TIMED OUT)", ctx.counters().welcomedThisEpoch(), "agents");
        return false;
      }
      if (System.nanoTime() > nextLog) {
        ctx.progress("connect", "%d/%d welcomed", ctx.counters().welcomedThisEpoch(), n);
        nextLog += 5_000_000_000L;
      }
      Thread.sleep(2);
    }
    long took = System.nanoTime() - t0;
    FleetSnapshot c = ctx.counters();
    ctx.results.add("connect", "agents welcomed", n, "agents");
    ctx.results.add("connect", "time until all welcomed (cold)", BenchContext.seconds(took), "s");
    ctx.results.add("connect", "connects refused (pushback)", c.pushbacks(), "streams");
    ctx.results.add(
        "connect",
        "streams failed before Welcome (any reason)",
        c.failedBeforeWelcomeTotal(),
        "streams");
    ctx.progress("connect", "all %d welcomed in %.2f s", n, took / 1e9);
    c.failedBeforeWelcome()
        .forEach(
            (why, count) ->
                ctx.progress("connect", "%d streams ended before their Welcome: %s", count, why));
    return true;
  }
}
