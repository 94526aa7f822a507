package io.autoservice.bench.run;

import io.autoservice.bench.console.BenchConsole;
import io.autoservice.bench.controller.BenchPostgres;
import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.controller.ControllerReplicas;
import io.autoservice.bench.report.Results;
import io.autoservice.bench.sim.Fleet;
import io.autoservice.bench.sim.FleetSnapshot;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunSummary;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every phase shares: the options, the controller, the console, the simulated fleet, the
 * results.
 */
final class BenchContext {
  final BenchOptions options;

  /** Replica 1: the console side's (and with one replica, every agent's) controller. */
  final ControllerProcess controller;

  final ControllerReplicas replicas;
  private final CpuCost cpu;
  final BenchConsole console;
  final Fleet fleet;
  final Results results;

  /** Every simulated agent, in whichever process. */
  final List<String> agentIds;

  /** The agents simulated in this JVM: the only ones whose events carry send times. */
  final Set<String> localAgentIds;

  /** Whether the controller knows exactly the simulated agents (then Dispatch targets "all"). */
  final boolean fleetIsEveryAgent;

  BenchContext(
      BenchOptions options,
      ControllerReplicas replicas,
      BenchPostgres postgres,
      BenchConsole console,
      Fleet fleet,
      Results results,
      List<String> agentIds,
      boolean fleetIsEveryAgent) {
    this.options = options;
    this.replicas = replicas;
    this.controller = replicas.first();
    this.cpu = new CpuCost(replicas.all(), postgres);
    this.console = console;
    this.fleet = fleet;
    this.results = results;
    this.agentIds = List.copyOf(agentIds);
    this.localAgentIds = new HashSet<>(fleet.localAgentIds());
    this.fleetIsEveryAgent = fleetIsEveryAgent;
  }

  /** The whole fleet's counters now (a simulator child's part is at most ~100 ms old). */
  FleetSnapshot counters() {
    return fleet.snapshot();
  }

  long deadline() {
    return System.nanoTime() + options.phaseTimeoutSeconds() * 1_000_000_000L;
  }

  /**
   * Dispatches {@code plan} to every simulated agent: {@code all} when the controller knows no
   * other agent, else the ids (a reused work folder may hold more enrolled agents than this run
   * simulates, and "all" would queue runs for the offline ones).
   */
  List<RunSummary> dispatchToFleet(Plan plan) {
    DispatchRequest.Builder req = DispatchRequest.newBuilder().setPlan(plan);
    if (fleetIsEveryAgent) {
      req.setAll(true);
    } else {
      req.setAgentIds(AgentIdList.newBuilder().addAllIds(agentIds));
    }
    DispatchResponse r = console.dispatch(req.build());
    return r.getRunsList();
  }

  /** Every process's CPU so far, for costs per event. */
  CpuCost.Mark cpuMark() {
    return cpu.mark();
  }

  /** CPU each process spent between {@code from} and now, in µs per event, as result rows. */
  void cpuPerEvent(String section, CpuCost.Mark from, long events) {
    cpu.addRows(results, section, from, events);
  }

  /** One progress line on stderr (stdout carries the table only). */
  void progress(String phase, String format, Object... args) {
    FleetSnapshot c = counters();
    System.err.printf(
        Locale.ROOT,
        "bench: %-9s %s | online %d, assigns %d, events acked %d, runs done %d, pushbacks %d%n",
        phase,
        String.format(Locale.ROOT, format, args),
        c.online(),
        c.assignsAcked(),
        c.eventsAcked(),
        c.runsDelivered(),
        c.pushbacks());
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  static double seconds(long nanos) {
    return Math.round(nanos / 1e7) / 100.0;
  }
}
