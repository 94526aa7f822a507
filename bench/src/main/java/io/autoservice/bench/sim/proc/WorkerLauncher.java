package io.autoservice.bench.sim.proc;

import io.autoservice.bench.BenchMain;
import io.autoservice.bench.sim.SimFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the simulator child processes: the same java binary and class path as this JVM, the hidden
 * {@code sim-worker} sub-command, one slice of the work folder's identity cache each, and their
 * stderr in {@code <work>/sim-worker-<i>.log}.
 */
public final class WorkerLauncher {
  private WorkerLauncher() {}

  /** Starts one child per slice; if one cannot start, those already started are stopped. */
  public static List<RemoteWorker> start(
      List<Slices.Slice> slices,
      String heap,
      String host,
      int port,
      Path workDir,
      SimFleet.Settings settings)
      throws IOException {
    List<RemoteWorker> started = new ArrayList<>();
    try {
      for (int i = 0; i < slices.size(); i++) {
        String name = "simulator process " + (i + 2); // process 1 is the bench itself
        Path log = workDir.resolve("sim-worker-" + (i + 2) + ".log");
        started.add(
            RemoteWorker.start(
                name, command(heap, host, port, workDir, slices.get(i), settings), log));
      }
      return started;
    } catch (IOException | RuntimeException e) {
      started.forEach(RemoteWorker::close);
      throw e;
    }
  }

  static List<String> command(
      String heap,
      String host,
      int port,
      Path workDir,
      Slices.Slice slice,
      SimFleet.Settings settings) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap,
        "-cp",
        System.getProperty("java.class.path"),
        BenchMain.class.getName(),
        "sim-worker",
        "--host",
        host,
        "--port",
        String.valueOf(port),
        "--work",
        workDir.toAbsolutePath().toString(),
        "--from",
        String.valueOf(slice.from()),
        "--to",
        String.valueOf(slice.to()),
        "--task-types",
        String.join(",", settings.taskTypes()),
        "--window",
        String.valueOf(settings.window()),
        "--event-interval-ms",
        String.valueOf(settings.eventIntervalMillis()),
        "--report-bytes",
        settings.minReportBytes() + "-" + settings.maxReportBytes(),
        "--threads",
        String.valueOf(settings.threads()));
  }
}
