package io.autoservice.bench.run;

import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.controller.ControllerReplicas;
import io.autoservice.bench.report.Results;
import io.autoservice.bench.sim.Fleet;
import io.autoservice.bench.sim.Identity;
import io.autoservice.bench.sim.SimFleet;
import io.autoservice.bench.sim.proc.MultiProcessFleet;
import io.autoservice.bench.sim.proc.RemoteWorker;
import io.autoservice.bench.sim.proc.Slices;
import io.autoservice.bench.sim.proc.WorkerLauncher;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Builds the simulated fleet before the clock starts: this JVM's slice of the agents, and with
 * {@code --sim-processes K} the K-1 child processes, each preparing its own slice from the identity
 * cache meanwhile. Returns once every agent's channel is ready in every process.
 */
final class FleetStart {
  private FleetStart() {}

  static Fleet start(
      BenchOptions o, ControllerReplicas replicas, List<Identity> used, Results results)
      throws IOException, InterruptedException {
    List<Slices.Slice> slices = Slices.split(used.size(), o.simProcesses());
    SimFleet.Settings settings =
        new SimFleet.Settings(
            Plans.TASK_TYPES,
            o.window(),
            o.eventIntervalMillis(),
            o.minReportBytes(),
            o.maxReportBytes(),
            o.threads());
    ControllerProcess controller = replicas.first();
    long t0 = System.nanoTime();
    SimFleet local = new SimFleet(settings);
    List<RemoteWorker> workers = List.of();
    try {
      workers =
          WorkerLauncher.start(
              slices.subList(1, slices.size()),
              o.simWorkerHeap(),
              controller.host(),
              controller.port(),
              o.workDir().toAbsolutePath(),
              settings);
      Slices.Slice mine = slices.get(0);
      // agent i to replica i mod N (with several replicas this JVM simulates every agent, from 0)
      int[] ports = replicas.all().stream().mapToInt(ControllerProcess::port).toArray();
      local.prepare(controller.host(), ports, used.subList(mine.from(), mine.to()));
      long deadline = System.nanoTime() + o.phaseTimeoutSeconds() * 1_000_000_000L;
      for (RemoteWorker w : workers) {
        w.awaitReady(deadline);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      workers.forEach(RemoteWorker::close);
      local.close();
      throw e;
    }
    System.err.printf(
        Locale.ROOT,
        "bench: %d agent channels prepared in %d process(es) in %.1f s%n",
        used.size(),
        slices.size(),
        (System.nanoTime() - t0) / 1e9);
    results.add("fleet", "simulator processes (JVMs)", slices.size(), "processes");
    results.add(
        "fleet",
        "agents per simulator process",
        slices.stream()
            .map(s -> String.format(Locale.ROOT, "%,d", s.size()))
            .collect(Collectors.joining(" + ")),
        "agents");
    return workers.isEmpty() ? local : new MultiProcessFleet(local, workers);
  }
}
