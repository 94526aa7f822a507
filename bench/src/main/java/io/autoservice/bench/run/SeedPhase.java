package io.autoservice.bench.run;

import io.autoservice.proto.v1.Plan;

/**
 * Fills the store with real runs before ListRuns is measured: a 1-task plan dispatched to every
 * agent, round after round, a few rounds queued ahead (the controller queues runs per agent), each
 * run played and acked like any other. The honest path, through the wire only; it is slow (the
 * store grows at the fleet's runs/s), so large seeds belong in a kept work folder (--work) that
 * later runs reuse.
 */
final class SeedPhase {
  private static final int ROUNDS_AHEAD = 4;

  private SeedPhase() {}

  static void run(BenchContext ctx) throws InterruptedException {
    long target = ctx.options.seedRuns();
    Plan plan = Plans.seed();
    long delivered0 = ctx.counters().runsDelivered();
    long dispatched = 0;
    long t0 = System.nanoTime();
    long nextLog = t0 + 10_000_000_000L;
    long deadline = t0 + Math.max(ctx.options.phaseTimeoutSeconds(), 3600) * 1_000_000_000L;
    while (true) {
      long done = ctx.counters().runsDelivered() - delivered0;
      if (dispatched >= target && done >= dispatched) {
        break; // whole rounds: at least the target, at most one round over
      }
      if (dispatched < target && dispatched - done < (long) ROUNDS_AHEAD * ctx.options.agents()) {
        dispatched += ctx.dispatchToFleet(plan).size();
        continue;
      }
      if (System.nanoTime() > deadline) {
        ctx.results.note("seeding stopped at its time limit after " + done + " runs");
        break;
      }
      if (System.nanoTime() > nextLog) {
        ctx.progress(
            "seed",
            "%d of %d runs stored (%.0f runs/s)",
            done,
            target,
            done / ((System.nanoTime() - t0) / 1e9));
        nextLog += 10_000_000_000L;
      }
      Thread.sleep(20);
    }
    long seeded = ctx.counters().runsDelivered() - delivered0;
    double s = (System.nanoTime() - t0) / 1e9;
    ctx.results.add("seed", "runs added to the store", seeded, "runs");
    ctx.results.add(
        "seed", "seed rate (1-task runs)", Math.round(seeded / s * 10) / 10.0, "runs/s");
  }
}
