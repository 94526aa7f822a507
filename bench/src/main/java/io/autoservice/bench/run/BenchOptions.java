package io.autoservice.bench.run;

import java.nio.file.Path;

/**
 * Everything a bench run was asked for; written into the result's {@code options} as is.
 *
 * @param agents simulated agents, each on its own TCP connection
 * @param controllerJar the controller's fat jar
 * @param out where the JSON result goes
 * @param heap the controller's -Xmx
 * @param workDir controller data, identity cache and controller.log
 * @param connectsPerSecond max_agent_connects_per_second given to the controller, 0 = its default
 * @param eventsPerSecondPerAgent max_events_per_second_per_agent given to the controller, 0 = its
 *     default
 * @param idleSeconds the idle measuring window
 * @param window most unacked events a simulated agent keeps in flight (the controller grants 64)
 * @param eventIntervalMillis pause between a run's events, 0 = as fast as the window allows
 * @param minReportBytes smallest final report
 * @param maxReportBytes largest final report
 * @param secondBurst dispatch a second plan to all after the first, measured separately
 * @param storm kill -9 the controller with runs in flight and measure the reconnect
 * @param seedRuns runs to add to the store before ListRuns is measured
 * @param archiveRuns finished runs written straight into the store before the controller starts
 *     (the controller's own {@code SyntheticRuns}), for ListRuns over a big archive
 * @param listRunsQueries ListRuns calls per filter
 * @param phaseTimeoutSeconds longest any phase may wait
 * @param threads event loop threads for the simulated fleet
 * @param pacedRate events/s of the paced latency phase, 0 = no such phase
 * @param pacedAgents agents that play the paced phase's runs
 * @param pacedTasks tasks per run in the paced phase (2 + 7 x tasks events)
 * @param controllerJvmArgs extra JVM options for the controller (e.g. a JFR recording)
 * @param simProcesses JVMs simulating the fleet: this one and {@code simProcesses - 1} children
 * @param simWorkerHeap each simulator child's -Xmx
 * @param replicas controller processes sharing one PostgreSQL store (more than 1 needs postgres)
 * @param store {@code embedded} (the controller's own file store) or {@code postgres}
 * @param storeUrl an existing, empty PostgreSQL database ({@code postgresql://host:port/db}) to use
 *     instead of starting a private server; null: start one under the work folder
 */
public record BenchOptions(
    int agents,
    Path controllerJar,
    Path out,
    String heap,
    Path workDir,
    int connectsPerSecond,
    int eventsPerSecondPerAgent,
    int idleSeconds,
    int window,
    long eventIntervalMillis,
    int minReportBytes,
    int maxReportBytes,
    boolean secondBurst,
    boolean storm,
    long seedRuns,
    int listRunsQueries,
    int phaseTimeoutSeconds,
    int threads,
    long archiveRuns,
    int pacedRate,
    int pacedAgents,
    int pacedTasks,
    java.util.List<String> controllerJvmArgs,
    int simProcesses,
    String simWorkerHeap,
    int replicas,
    String store,
    String storeUrl) {
  public BenchOptions {
    controllerJvmArgs = java.util.List.copyOf(controllerJvmArgs);
  }

  /** Whether the controllers keep their store in PostgreSQL. */
  public boolean postgres() {
    return "postgres".equals(store);
  }
}
