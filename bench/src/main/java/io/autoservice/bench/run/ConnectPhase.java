package io.autoservice.bench.run;

import io.autoservice.bench.sim.FleetCounters;

/** All N agents open their streams at once, from cold; done when every one has had its Welcome. */
final class ConnectPhase {
  private ConnectPhase() {}

  static boolean run(BenchContext ctx) throws InterruptedException {
    int n = ctx.options.agents();
    FleetCounters c = ctx.counters();
    ctx.fleet.newEpoch();
    long t0 = System.nanoTime();
    ctx.fleet.connectAll();
    long deadline = ctx.deadline();
    long nextLog = t0 + 5_000_000_000L;
    while (c.welcomedThisEpoch.get() < n) {
      if (System.nanoTime() > deadline) {
        ctx.results.add(
            "connect", "agents welcomed (TIMED OUT)", c.welcomedThisEpoch.get(), "agents");
        return false;
      }
      if (System.nanoTime() > nextLog) {
        ctx.progress("connect", "%d/%d welcomed", c.welcomedThisEpoch.get(), n);
        nextLog += 5_000_000_000L;
      }
      Thread.sleep(2);
    }
    long took = System.nanoTime() - t0;
    ctx.results.add("connect", "agents welcomed", n, "agents");
    ctx.results.add("connect", "time until all welcomed (cold)", BenchContext.seconds(took), "s");
    ctx.results.add("connect", "connects refused (pushback)", c.pushbacks.sum(), "streams");
    ctx.results.add(
        "connect",
        "streams failed before Welcome (any reason)",
        c.failedBeforeWelcome.values().stream()
            .mapToLong(java.util.concurrent.atomic.LongAdder::sum)
            .sum(),
        "streams");
    ctx.progress("connect", "all %d welcomed in %.2f s", n, took / 1e9);
    c.failedBeforeWelcome.forEach(
        (why, count) ->
            ctx.progress("connect", "%d streams ended before their Welcome: %s", count.sum(), why));
    return true;
  }
}
