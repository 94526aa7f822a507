package io.autoservice.bench.run;

import io.autoservice.bench.console.BenchConsole;
import io.autoservice.bench.controller.ControllerProcess;
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
  final ControllerProcess controller;
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
      ControllerProcess controller,
      BenchConsole console,
      Fleet fleet,
      Results results,
      List<String> agentIds,
      boolean fleetIsEveryAgent) {
    this.options = options;
    this.controller = controller;
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

  /** The controller's and this process's CPU so far, for costs per event. */
  CpuMark cpuMark() {
    try {
      return new CpuMark(
          io.autoservice.bench.controller.ProcStats.sample(controller.pid()),
          io.autoservice.bench.controller.ProcStats.sample(ProcessHandle.current().pid()));
    } catch (java.io.IOException e) {
      return null; // no /proc: no cost rows
    }
  }

  /** CPU both sides spent between {@code from} and now, in µs per event, as two result rows. */
  void cpuPerEvent(String section, CpuMark from, long events) {
    CpuMark to = cpuMark();
    if (from == null || to == null || events <= 0) {
      return;
    }
    results.add(
        section,
        "controller CPU per event acked",
        Math.round(
                io.autoservice.bench.controller.ProcStats.cpuSeconds(
                        from.controller(), to.controller())
                    * 1e7
                    / events)
            / 10.0,
        "us");
    results.add(
        section,
        "simulator CPU per event acked (this JVM: its agents + console)",
        Math.round(
                io.autoservice.bench.controller.ProcStats.cpuSeconds(
                        from.simulator(), to.simulator())
                    * 1e7
                    / events)
            / 10.0,
        "us");
  }

  record CpuMark(
      io.autoservice.bench.controller.ProcStats.Sample controller,
      io.autoservice.bench.controller.ProcStats.Sample simulator) {}

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
