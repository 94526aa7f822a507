package io.autoservice.bench.run;

import io.autoservice.bench.console.BenchConsole;
import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.report.Results;
import io.autoservice.bench.sim.FleetCounters;
import io.autoservice.bench.sim.SimAgent;
import io.autoservice.bench.sim.SimFleet;
import io.autoservice.proto.v1.AgentIdList;
import io.autoservice.proto.v1.DispatchRequest;
import io.autoservice.proto.v1.DispatchResponse;
import io.autoservice.proto.v1.Plan;
import io.autoservice.proto.v1.RunSummary;
import java.util.List;
import java.util.Locale;

/**
 * What every phase shares: the options, the controller, the console, the simulated fleet, the
 * results.
 */
final class BenchContext {
  final BenchOptions options;
  final ControllerProcess controller;
  final BenchConsole console;
  final SimFleet fleet;
  final Results results;

  /** Whether the controller knows exactly the simulated agents (then Dispatch targets "all"). */
  final boolean fleetIsEveryAgent;

  BenchContext(
      BenchOptions options,
      ControllerProcess controller,
      BenchConsole console,
      SimFleet fleet,
      Results results,
      boolean fleetIsEveryAgent) {
    this.options = options;
    this.controller = controller;
    this.console = console;
    this.fleet = fleet;
    this.results = results;
    this.fleetIsEveryAgent = fleetIsEveryAgent;
  }

  FleetCounters counters() {
    return fleet.counters();
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
      req.setAgentIds(
          AgentIdList.newBuilder()
              .addAllIds(fleet.agents().stream().map(SimAgent::agentId).toList()));
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
        "simulator CPU per event acked (fleet + console)",
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
    FleetCounters c = counters();
    System.err.printf(
        Locale.ROOT,
        "bench: %-9s %s | online %d, assigns %d, events acked %d, runs done %d, pushbacks %d%n",
        phase,
        String.format(Locale.ROOT, format, args),
        c.online.get(),
        c.assignsAcked.sum(),
        c.eventsAcked.sum(),
        c.runsDelivered.sum(),
        c.pushbacks.sum());
  }

  static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  static double seconds(long nanos) {
    return Math.round(nanos / 1e7) / 100.0;
  }
}
