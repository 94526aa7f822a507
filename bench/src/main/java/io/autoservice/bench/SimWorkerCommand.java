package io.autoservice.bench;

import io.autoservice.bench.sim.SimFleet;
import io.autoservice.bench.sim.proc.SimWorker;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sim-worker} (hidden): a simulator child process of {@code run --sim-processes K}. Talks
 * JSON lines with its parent on stdin/stdout; everything else it prints goes to stderr.
 */
@Command(
    name = "sim-worker",
    hidden = true,
    description = "Simulates a slice of the cached agents for a parent `run` (internal).")
final class SimWorkerCommand implements Callable<Integer> {
  @Option(names = "--host", required = true)
  String host;

  @Option(names = "--port", required = true)
  int port;

  @Option(
      names = "--work",
      required = true,
      description = "The work folder holding identities.jsonl.")
  Path work;

  @Option(names = "--from", required = true, description = "First identity (0-based).")
  int from;

  @Option(names = "--to", required = true, description = "End of the slice (exclusive).")
  int to;

  @Option(names = "--task-types", required = true, split = ",")
  List<String> taskTypes;

  @Option(names = "--window", defaultValue = "16")
  int window;

  @Option(names = "--event-interval-ms", defaultValue = "0")
  long eventIntervalMs;

  @Option(names = "--report-bytes", defaultValue = "5120-20480")
  String reportBytes;

  @Option(names = "--threads", defaultValue = "1")
  int threads;

  @Override
  public Integer call() throws Exception {
    // stdout is the protocol: whatever a library prints must not land in it.
    PrintStream protocol =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    String[] b = reportBytes.split("-", 2);
    SimFleet.Settings settings =
        new SimFleet.Settings(
            taskTypes,
            window,
            eventIntervalMs,
            Integer.parseInt(b[0]),
            Integer.parseInt(b[1]),
            threads);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new SimWorker(in, protocol)
        .run(new SimWorker.Spec(host, port, work, from, to, settings));
  }
}
