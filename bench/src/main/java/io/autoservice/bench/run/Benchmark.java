package io.autoservice.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.bench.console.BenchConsole;
import io.autoservice.bench.console.RunWatchers;
import io.autoservice.bench.controller.BenchPostgres;
import io.autoservice.bench.controller.ControllerProcess;
import io.autoservice.bench.controller.ControllerReplicas;
import io.autoservice.bench.report.MachineFacts;
import io.autoservice.bench.report.RecordedCommand;
import io.autoservice.bench.report.Results;
import io.autoservice.bench.sim.BulkEnroller;
import io.autoservice.bench.sim.Fleet;
import io.autoservice.bench.sim.Identity;
import io.autoservice.bench.sim.IdentityCache;
import io.autoservice.bench.sim.proc.SimWorkerException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One bench run, phase after phase: controller up, agents enrolled (or taken from the cache),
 * connect, idle, dispatch to all (and a second burst), reconnect storm, seeding, ListRuns. Every
 * phase adds rows to the one table; whatever happens, the table is printed, the JSON written and
 * the controller killed.
 */
public final class Benchmark {
  /** What the run found; {@code ok} when every phase finished and no run failed. */
  public record Outcome(boolean ok, Results results) {}

  private final BenchOptions o;
  private final PrintStream out;

  public Benchmark(BenchOptions options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public Outcome run() throws IOException, InterruptedException {
    Results results = new Results();
    recordOptions(results);
    Files.createDirectories(o.workDir());
    ObjectNode settings = writeSettings(results);
    if (o.archiveRuns() > 0) {
      ArchiveFill.run(o, results);
    }
    boolean ok = false;
    try (BenchPostgres store = startStore(results);
        ControllerReplicas replicas =
            ControllerReplicas.start(
                o.controllerJar().toAbsolutePath(),
                o.workDir().toAbsolutePath(),
                settings,
                o.heap(),
                o.controllerJvmArgs(),
                o.replicas(),
                store)) {
      ControllerProcess controller = replicas.first();
      results.option("controller_command", RecordedCommand.of(controller.command(), Path.of("")));
      for (int i = 0; i < replicas.size(); i++) {
        ControllerProcess c = replicas.all().get(i);
        Duration up = replicas.startTimes().get(i);
        System.err.printf(
            Locale.ROOT,
            "bench: controller pid %d serving on %s:%d after %d ms (log %s)%n",
            c.pid(),
            c.host(),
            c.port(),
            up.toMillis(),
            c.logFile());
        results.add(
            "controller",
            (replicas.size() == 1 ? "" : "replica " + (i + 1) + " ") + "start until serving (cold)",
            up.toMillis(),
            "ms");
      }
      try (BenchConsole console =
          new BenchConsole(
              controller.host(),
              controller.port(),
              controller.caFile(),
              controller.adminTokenFile())) {
        IdentityCache cache = new IdentityCache(o.workDir());
        if (store != null && store.measured()) {
          cache.clear(); // a private database is new every run: it knows none of the cached agents
        }
        List<Identity> all = identities(cache, console, controller, results);
        List<Identity> used = all.subList(0, o.agents());
        try (Fleet fleet = FleetStart.start(o, replicas, used, results)) {
          BenchContext ctx =
              new BenchContext(
                  o,
                  replicas,
                  store,
                  console,
                  fleet,
                  results,
                  used.stream().map(Identity::agentId).toList(),
                  all.size() == o.agents());
          ok = phases(ctx);
          if (!fleet.snapshot().stopReasons().isEmpty()) {
            results.note("agents stopped for good: " + fleet.snapshot().stopReasons());
          }
        }
      } catch (SimWorkerException e) {
        System.err.println("bench: error: " + e.getMessage());
        results.note(
            "a simulator process failed: " + e.getMessage().lines().findFirst().orElse(""));
        ok = false;
      }
    } finally {
      out.println();
      results.print(out);
      results.write(
          o.out(), MachineFacts.machine(), MachineFacts.build(Path.of(".").toAbsolutePath()));
      out.println("result written to " + o.out().toAbsolutePath());
    }
    return new Outcome(ok, results);
  }

  private boolean phases(BenchContext ctx) throws IOException, InterruptedException {
    if (!ConnectPhase.run(ctx)) {
      return false;
    }
    IdlePhase.run(ctx);
    int bad = DispatchPhase.run(ctx, "dispatch to all");
    if (bad < 0) {
      return false;
    }
    if (o.secondBurst()) {
      int b2 = DispatchPhase.run(ctx, "second burst");
      if (b2 < 0) {
        return false;
      }
      bad += b2;
    }
    if (o.pacedRate() > 0 && !PacedPhase.run(ctx)) {
      return false;
    }
    if (o.storm()) {
      int b3 = StormPhase.run(ctx);
      if (b3 < 0) {
        return false;
      }
      bad += b3;
    }
    if (o.seedRuns() > 0) {
      SeedPhase.run(ctx);
    }
    if (o.listRunsQueries() > 0) {
      ListRunsPhase.run(ctx);
    }
    return bad == 0;
  }

  private static boolean sameCa(String a, String b) {
    return a.replaceAll("\\s", "").equals(b.replaceAll("\\s", ""));
  }

  /** Cached identities first; the rest enrolled now with tokens of at most 10,000 uses each. */
  private List<Identity> identities(
      IdentityCache cache, BenchConsole console, ControllerProcess controller, Results results)
      throws IOException, InterruptedException {
    String caPem = Files.readString(controller.caFile());
    List<Identity> all = new ArrayList<>(cache.load());
    if (!all.isEmpty() && !sameCa(all.get(0).caPem(), caPem)) {
      // The controller data folder was replaced: its new CA signed none of these certificates, so
      // every agent would be refused at the handshake. Start the cache over.
      System.err.printf(
          Locale.ROOT,
          "bench: the %d cached identities were signed by another CA than this controller's;"
              + " enrolling again%n",
          all.size());
      cache.clear();
      all.clear();
    }
    int missing = o.agents() - all.size();
    if (missing <= 0) {
      results.add("enrol", "identities from the work folder's cache", all.size(), "agents");
      return all;
    }
    BulkEnroller enroller = new BulkEnroller(controller.host(), controller.port(), caPem);
    long t0 = System.nanoTime();
    int start = all.size();
    while (all.size() < o.agents()) {
      int batch = Math.min(10_000, o.agents() - all.size());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        ids.add(String.format(Locale.ROOT, "sim-%06d", all.size() + i + 1));
      }
      List<Identity> got = enroller.enroll(ids, console.enrollmentToken(batch));
      cache.append(got);
      all.addAll(got);
      System.err.printf(Locale.ROOT, "bench: enrolled %d agents%n", all.size());
    }
    double s = (System.nanoTime() - t0) / 1e9;
    results.add(
        "enrol", "agents enrolled (Enroll RPC, key + CSR each)", all.size() - start, "agents");
    results.add(
        "enrol", "enrolment rate", Math.round((all.size() - start) / s * 10) / 10.0, "agents/s");
    return all;
  }

  /** The controller's settings file: throttles as asked (0 keeps the controller's default). */
  private ObjectNode writeSettings(Results results) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode s = json.createObjectNode();
    if (o.connectsPerSecond() > 0) {
      s.put("max_agent_connects_per_second", o.connectsPerSecond());
    }
    if (o.eventsPerSecondPerAgent() > 0) {
      s.put("max_events_per_second_per_agent", o.eventsPerSecondPerAgent());
    }
    int watchers = (o.agents() + RunWatchers.RUNS_PER_STREAM - 1) / RunWatchers.RUNS_PER_STREAM;
    if (watchers > 12) {
      s.put(
          "max_watchers_per_token", watchers + 4); // the bench watches every run, 1,000 per stream
    }
    results.option("controller_settings", s);
    System.err.println("bench: controller settings " + s + (s.isEmpty() ? " (all defaults)" : ""));
    return s;
  }

  /**
   * The replicas' PostgreSQL: null for the embedded store; an existing database with {@code
   * --store-url}; else a private server in a fresh folder of its own (the postgres user must be
   * able to reach it, which a work folder under a private temporary folder may not allow).
   */
  private BenchPostgres startStore(Results results) throws IOException {
    if (!o.postgres()) {
      return null;
    }
    if (o.storeUrl() != null) {
      results.option("store_url", o.storeUrl());
      return BenchPostgres.existing(o.storeUrl());
    }
    Path dir = Files.createTempDirectory("autoservice-bench-postgres-");
    long t0 = System.nanoTime();
    BenchPostgres pg = BenchPostgres.startPrivate(dir);
    System.err.printf(
        Locale.ROOT,
        "bench: PostgreSQL %s in %s after %d ms%n",
        pg.url(),
        dir,
        (System.nanoTime() - t0) / 1_000_000);
    results.option("store_url", pg.url() + " (private server, fsync on)");
    return pg;
  }

  private void recordOptions(Results r) {
    r.option("agents", o.agents());
    r.option("controller_jar", o.controllerJar().toString());
    r.option("controller_heap", o.heap());
    r.option("work_dir", o.workDir().toString());
    r.option(
        "max_agent_connects_per_second",
        o.connectsPerSecond() > 0 ? o.connectsPerSecond() : "controller default");
    r.option(
        "max_events_per_second_per_agent",
        o.eventsPerSecondPerAgent() > 0 ? o.eventsPerSecondPerAgent() : "controller default");
    r.option("idle_seconds", o.idleSeconds());
    r.option("agent_window", o.window());
    r.option("event_interval_ms", o.eventIntervalMillis());
    r.option("report_bytes", o.minReportBytes() + "-" + o.maxReportBytes());
    r.option("second_burst", o.secondBurst());
    r.option("paced_events_per_second", o.pacedRate());
    r.option("paced_agents", o.pacedAgents());
    r.option("paced_tasks_per_run", o.pacedTasks());
    r.option("storm", o.storm());
    r.option("seed_runs", o.seedRuns());
    r.option("archive_runs", o.archiveRuns());
    r.option("list_runs_queries_per_filter", o.listRunsQueries());
    r.option("sim_threads", o.threads());
    r.option("sim_processes", o.simProcesses());
    r.option("store", o.store());
    r.option("replicas", o.replicas());
    r.option("sim_worker_heap", o.simProcesses() > 1 ? o.simWorkerHeap() : "n/a");
    r.option("plan", "3 tasks (hello_service, disk_space_report, sfc_scan), 23 events per run");
  }
}
