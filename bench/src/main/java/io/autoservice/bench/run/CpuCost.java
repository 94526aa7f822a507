package io.autoservice.bench.run;

import io.autoservice.bench.controller.BenchPostgres;
import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.controller.ProcStats;
import io.autoservice.bench.report.Results;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU each process on the shared cores spent per acknowledged event over a phase: every controller
 * replica (their sum, and each one when there are several), PostgreSQL (postmaster and backends,
 * when the bench started it) and this JVM (its simulated agents and the console watchers).
 */
final class CpuCost {
  /** CPU time so far, in clock ticks; postgres -1 when not measured. */
  record Mark(List<Long> replicas, long postgres, long simulator) {}

  private final List<ControllerProcess> replicas;
  private final BenchPostgres postgres; // null: embedded store

  CpuCost(List<ControllerProcess> replicas, BenchPostgres postgres) {
    this.replicas = List.copyOf(replicas);
    this.postgres = postgres;
  }

  /** Null when /proc cannot be read: then there are no cost rows. */
  Mark mark() {
    try {
      List<Long> r = new ArrayList<>();
      for (ControllerProcess c : replicas) {
        r.add(ProcStats.sample(c.pid()).cpuTicks());
      }
      long pg = postgres == null ? -1 : postgres.cpuTicks();
      return new Mark(r, pg, ProcStats.sample(ProcessHandle.current().pid()).cpuTicks());
    } catch (IOException e) {
      return null;
    }
  }

  void addRows(Results results, String section, Mark from, long events) {
    Mark to = mark();
    if (from == null || to == null || events <= 0) {
      return;
    }
    long sum = 0;
    for (int i = 0; i < replicas.size(); i++) {
      sum += to.replicas().get(i) - from.replicas().get(i);
    }
    String all = replicas.size() == 1 ? "" : " (all " + replicas.size() + " replicas)";
    results.add(section, "controller CPU per event acked" + all, perEvent(sum, events), "us");
    if (replicas.size() > 1) {
      for (int i = 0; i < replicas.size(); i++) {
        long ticks = to.replicas().get(i) - from.replicas().get(i);
        results.add(
            section, "replica " + (i + 1) + " CPU per event acked", perEvent(ticks, events), "us");
      }
    }
    if (from.postgres() >= 0 && to.postgres() >= 0) {
      results.add(
          section,
          "PostgreSQL CPU per event acked (postmaster + backends)",
          perEvent(to.postgres() - from.postgres(), events),
          "us");
    }
    results.add(
        section,
        "simulator CPU per event acked (this JVM: its agents + console)",
        perEvent(to.simulator() - from.simulator(), events),
        "us");
  }

  private static double perEvent(long ticks, long events) {
    return Math.round(ProcStats.ticksToSeconds(ticks) * 1e7 / events) / 10.0;
  }
}
