package io.autoservice.bench;

import io.autoservice.bench.run.BenchOptions;
import io.autoservice.bench.run.Benchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the fleet benchmark. Exit 0 when every phase finished and no run failed, 1
 * otherwise.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the real controller (mTLS, 127.0.0.1 only) as a child process, enrols and connects N simulated",
      "agents (each on its own TCP connection), and measures: connect time, idle RSS/threads/CPU/heap, dispatch",
      "to all (RPC, assign, finish, durable events/s, runs/s, agent->watcher latency), a kill -9 reconnect storm,",
      "and ListRuns latency. Prints one table on stdout and writes it as JSON. Progress goes to stderr.",
      "Exit status: 0 all phases done and no run failed; 1 a phase timed out or a run failed; 2 usage."
    })
final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--agents",
      defaultValue = "1000",
      description = "Simulated agents. Default: ${DEFAULT-VALUE}.")
  int agents;

  @Option(
      names = "--controller-jar",
      defaultValue = "controller/target/autoservice-controller.jar",
      description = "The controller's fat jar. Default: ${DEFAULT-VALUE}.")
  Path controllerJar;

  @Option(
      names = "--out",
      defaultValue = "bench-result.json",
      description = "JSON result file. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--heap",
      defaultValue = "768m",
      description =
          "The controller's -Xmx (the shipped systemd unit's). Default: ${DEFAULT-VALUE}.")
  String heap;

  @Option(
      names = "--controller-jvm-arg",
      paramLabel = "OPTION",
      description =
          "An extra JVM option for the controller, repeatable (e.g."
              + " -XX:StartFlightRecording=filename=c.jfr to profile it).")
  java.util.List<String> controllerJvmArgs = new java.util.ArrayList<>();

  @Option(
      names = "--work",
      description =
          "Work folder: controller data, identity cache, controller.log. Reused if"
              + " it exists (enrolment is skipped, the store keeps earlier runs). Default: a fresh temporary folder,"
              + " deleted afterwards unless --keep-work.")
  Path work;

  @Option(names = "--keep-work", description = "Keep the temporary work folder.")
  boolean keepWork;

  @Option(
      names = "--max-connects-per-second",
      defaultValue = "100000",
      description =
          "Controller setting max_agent_connects_per_second (0 = the controller's default, 200)."
              + " Default: ${DEFAULT-VALUE}, i.e. raised to measure capacity, not the throttle.")
  int connectsPerSecond;

  @Option(
      names = "--max-events-per-second-per-agent",
      defaultValue = "0",
      description =
          "Controller setting max_events_per_second_per_agent (0 = the controller's default, 500)."
              + " Default: ${DEFAULT-VALUE}.")
  int eventsPerSecondPerAgent;

  @Option(
      names = "--idle-seconds",
      defaultValue = "15",
      description = "Idle measuring window. Default: ${DEFAULT-VALUE}.")
  int idleSeconds;

  @Option(
      names = "--window",
      defaultValue = "16",
      description =
          "Most unacked events per agent in flight (the controller's credit is 16). Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(
      names = "--event-interval-ms",
      defaultValue = "0",
      description =
          "Pause between a run's events (0 = as fast as the window allows). Default: ${DEFAULT-VALUE}.")
  long eventIntervalMs;

  @Option(
      names = "--report-kb",
      defaultValue = "5-20",
      description = "Final report size range in KB. Default: ${DEFAULT-VALUE}.")
  String reportKb;

  @Option(
      names = "--second-burst",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Dispatch a second plan to all after the first. Default: ${DEFAULT-VALUE}.")
  boolean secondBurst;

  @Option(
      names = "--paced-rate",
      defaultValue = "10000",
      description =
          "Events/s of the paced phase, which measures agent event -> console latency below"
              + " capacity (0 = skip it). Default: ${DEFAULT-VALUE}.")
  int pacedRate;

  @Option(
      names = "--paced-agents",
      defaultValue = "1000",
      description =
          "Agents that send the paced phase's events (each rate/agents a second). Default:"
              + " ${DEFAULT-VALUE}.")
  int pacedAgents;

  @Option(
      names = "--paced-tasks",
      defaultValue = "40",
      description =
          "Tasks per run in the paced phase (2 + 7 x tasks events, one report). Default:"
              + " ${DEFAULT-VALUE}.")
  int pacedTasks;

  @Option(
      names = "--storm",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "kill -9 the controller with runs in flight, restart it, measure the reconnect. Default: ${DEFAULT-VALUE}.")
  boolean storm;

  @Option(
      names = "--seed-runs",
      defaultValue = "0",
      description =
          "First add about N runs to the store (1-task plans dispatched round after round through the"
              + " simulated agents; slow: the store grows at the fleet's runs/s). ListRuns is measured over whatever"
              + " the store holds. Default: ${DEFAULT-VALUE}.")
  long seedRuns;

  @Option(
      names = "--archive-runs",
      defaultValue = "0",
      description =
          "Before the controller starts, fill its store with N finished runs (realistic plans and"
              + " reports over the last year, written by the controller's own store code: about a minute per million),"
              + " so ListRuns is measured over a big archive. Default: ${DEFAULT-VALUE}.")
  long archiveRuns;

  @Option(
      names = "--list-runs-queries",
      defaultValue = "200",
      description = "ListRuns calls per filter (0 skips the phase). Default: ${DEFAULT-VALUE}.")
  int listRunsQueries;

  @Option(
      names = "--phase-timeout",
      defaultValue = "600",
      description = "Longest wait of any phase, seconds. Default: ${DEFAULT-VALUE}.")
  int phaseTimeout;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "Event loop threads for the simulated fleet (0 = cores).")
  int threads;

  @Option(
      names = "--sim-processes",
      defaultValue = "1",
      description =
          "JVMs simulating the agents: this one and K-1 child processes, each with its own slice of"
              + " the agents, event loop and file limit. Default: ${DEFAULT-VALUE}.")
  int simProcesses;

  @Option(
      names = "--sim-heap",
      defaultValue = "1g",
      description = "Each simulator child process's -Xmx. Default: ${DEFAULT-VALUE}.")
  String simHeap;

  @Option(
      names = "--replicas",
      defaultValue = "1",
      description =
          "Controller processes on one PostgreSQL store (more than 1 needs --store postgres);"
              + " agent i connects to replica i mod N, the console side talks to replica 1."
              + " Default: ${DEFAULT-VALUE}.")
  int replicas;

  @Option(
      names = "--store",
      defaultValue = "embedded",
      description =
          "The controllers' store: embedded (the data folder's own) or postgres (a private"
              + " PostgreSQL started under the work folder, or --store-url). Default: ${DEFAULT-VALUE}.")
  String store;

  @Option(
      names = "--store-url",
      paramLabel = "URL",
      description =
          "With --store postgres: an existing, empty database (postgresql://host:port/db) instead of"
              + " a private server; user and password from AUTOSERVICE_STORE_USER and"
              + " AUTOSERVICE_STORE_PASSWORD_FILE, as the controller reads them.")
  String storeUrl;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (agents < 1) {
      System.err.println("error: --agents: " + agents + " (expected: >= 1)");
      return 2;
    }
    if (pacedRate < 0 || pacedAgents < 1 || pacedTasks < 1 || pacedTasks > 1000) {
      System.err.println(
          "error: --paced-rate must be >= 0, --paced-agents >= 1, --paced-tasks 1..1000 (got "
              + pacedRate
              + ", "
              + pacedAgents
              + ", "
              + pacedTasks
              + ")");
      return 2;
    }
    if (simProcesses < 1 || simProcesses > agents) {
      System.err.println(
          "error: --sim-processes: "
              + simProcesses
              + " (expected: 1.."
              + agents
              + ", at most one per agent)");
      return 2;
    }
    String storeProblem =
        StoreChoice.problem(replicas, store, storeUrl, storm, simProcesses, archiveRuns);
    if (storeProblem != null) {
      System.err.println("error: " + storeProblem);
      return 2;
    }
    String[] kb = reportKb.split("-", 2);
    int minKb = Integer.parseInt(kb[0].trim());
    int maxKb = kb.length > 1 ? Integer.parseInt(kb[1].trim()) : minKb;
    if (!Files.isRegularFile(controllerJar)) {
      System.err.println(
          "error: --controller-jar: "
              + controllerJar
              + " does not exist (build it: mvn -B install -DskipTests)");
      return 2;
    }
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("autoservice-bench-") : work;
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    BenchOptions o =
        new BenchOptions(
            agents,
            controllerJar,
            out,
            heap,
            dir,
            connectsPerSecond,
            eventsPerSecondPerAgent,
            idleSeconds,
            window,
            eventIntervalMs,
            minKb * 1024,
            maxKb * 1024,
            secondBurst,
            storm,
            seedRuns,
            listRunsQueries,
            phaseTimeout,
            t,
            archiveRuns,
            pacedRate,
            pacedAgents,
            pacedTasks,
            controllerJvmArgs,
            simProcesses,
            simHeap,
            replicas,
            store,
            storeUrl);
    System.err.println("bench: work folder " + dir.toAbsolutePath());
    try {
      return new Benchmark(o, System.out).run().ok() ? 0 : 1;
    } finally {
      if (temporary && !keepWork) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
