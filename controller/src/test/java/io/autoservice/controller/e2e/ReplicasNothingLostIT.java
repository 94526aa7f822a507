package io.autoservice.controller.e2e;

import static io.autoservice.controller.e2e.FleetProcesses.FIXTURES;
import static io.autoservice.controller.e2e.FleetProcesses.PLANS;
import static io.autoservice.controller.e2e.FleetProcesses.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoservice.controller.e2e.ArchiveAudit.Tally;
import io.autoservice.controller.e2e.FleetProcesses.Agent;
import io.autoservice.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "Nothing lost, nothing doubled" across controller replicas: two, then three {@code controller
 * serve} processes on one private PostgreSQL (each replica's link to it through its own {@link
 * TcpProxy}), and {@code agent connect} processes given every replica's address. Faults hit the
 * replicas and the database while the chatty plan runs on every agent: the replica holding an agent
 * killed with SIGKILL, a replica's link to PostgreSQL cut, PostgreSQL restarted, a dispatch on one
 * replica for an agent held by another that dies at that moment, two of three replicas killed one
 * after the other. After each fault heals (dead replicas restarted), {@link ArchiveAudit} reads the
 * one archive through any replica's console and every replica's reports folder; the table is
 * printed and written to {@code target/replicas-nothing-lost.txt}.
 *
 * <p>{@code -Dfaults.rounds=N} repeats every scenario's dispatch-and-fault N times (default 1),
 * {@code -Dfaults.agents=N} sets how many agents (default 3), {@code -Dfaults.seed=S} replays a
 * run's random fault timings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasNothingLostIT {
  private static final int ROUNDS = Integer.getInteger("faults.rounds", 1);
  private static final int AGENTS = Integer.getInteger("faults.agents", 3);
  private static final long SEED = Long.getLong("faults.seed", System.nanoTime());
  private static final Path PLAN = PLANS.resolve("faults-chatty.json");
  private static final int PLAN_TASKS = 3;
  private static final Path CHATTY = FIXTURES.resolve("fake-tools").resolve("chatty");

  /** A replica silent this long is dead and its agents are taken over. */
  private static final int TTL_SECONDS = 3;

  /** Longer than the ttl: the cut-off replica fences itself and the others see it dead. */
  private static final Duration STORE_CUT = Duration.ofSeconds(6);

  /** PostgreSQL down this long: longer than the ttl, so every replica fences itself. */
  private static final Duration POSTGRES_DOWN = Duration.ofSeconds(4);

  /** A kill lands this long at most after a run started: within its first two tasks. */
  private static final int KILL_WITHIN_MS = 1500;

  private final Random random = new Random(SEED);
  private final NothingLostTable table = new NothingLostTable();
  private final Set<String> dispatched = new HashSet<>();
  private final List<Agent> agents = new ArrayList<>();
  private ReplicaFleet cluster;

  /** Replicas the scenarios run with: 2, then 3 for the last one (the others stopped). */
  private int serving = 2;

  private boolean settled;

  @BeforeAll
  void startFleet() throws Exception {
    System.out.printf(
        "ReplicasNothingLostIT: %d rounds, %d agents, seed %d (-Dfaults.seed=%d replays the"
            + " timings)%n",
        ROUNDS, AGENTS, SEED, SEED);
    // run_lost_after long: a run must end because its agent delivered it, never by a replica
    // giving up on it while a fault lasts.
    cluster =
        ReplicaFleet.start(
            "ReplicasNothingLostIT", 3, 600, Map.of("replica_ttl_seconds", TTL_SECONDS));
    // Two replicas serve until the three-replica scenario; the agents know all three addresses
    // (the third one refusing connections meanwhile, as a replica down for maintenance does).
    cluster.replica(2).stopController();
    FleetProcesses first = cluster.replica(0);
    Map<String, Object> chattyTools = new LinkedHashMap<>(FleetProcesses.FAST_RECONNECT);
    chattyTools.put("tools", Map.of("bleachbit", CHATTY.toString()));
    for (int i = 1; i <= AGENTS; i++) {
      agents.add(
          first.launchAgent(
              "pc" + i, Map.of("pool", "faults"), chattyTools, cluster.addressList()));
    }
    // Seven JVMs start on a small shared machine: allow more than FleetProcesses.WAIT for it.
    Eventually.until(
        "every agent's first Welcome",
        Duration.ofSeconds(120),
        () -> agents.stream().allMatch(a -> cluster.holderOf(a).isPresent()));
    for (Agent a : agents) {
      first.awaitConnected(a); // reads each agent's id
    }
  }

  @AfterEach
  void heal() throws Exception {
    cluster.replicas().forEach(r -> cluster.storeLink(r).heal());
    if (!settled) {
      cluster.anyAlive().cancelUnfinishedRuns();
    }
  }

  @AfterAll
  void report() throws Exception {
    try {
      table.publish(
          Path.of("target", "replicas-nothing-lost.txt"),
          "Nothing lost, nothing doubled across controller replicas (real processes, one"
              + " PostgreSQL, faults injected):");
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  @Order(1)
  void replicaHoldingAnAgentKilledMidRun() throws Exception {
    scenario(
        "2 replicas: kill -9 of the one holding an agent mid-run",
        runs -> {
          Agent a = awaitStarted(runs);
          pause(Duration.ofMillis(random.nextInt(KILL_WITHIN_MS)));
          kill(holder(a));
        });
  }

  @Test
  @Order(2)
  void replicaLinkToPostgresCut() throws Exception {
    scenario(
        "2 replicas: one's link to PostgreSQL cut 6 s mid-run",
        runs -> {
          Agent a = awaitStarted(runs);
          pause(Duration.ofMillis(random.nextInt(KILL_WITHIN_MS)));
          TcpProxy link = cluster.storeLink(holder(a));
          link.cut(); // the pool's open connections fail at once
          link.blackhole(); // and new ones reach nothing
          pause(STORE_CUT);
          link.heal();
        });
  }

  @Test
  @Order(3)
  void postgresRestartedMidRun() throws Exception {
    scenario(
        "2 replicas: PostgreSQL stopped 4 s mid-run, started",
        runs -> {
          awaitStarted(runs);
          pause(Duration.ofMillis(random.nextInt(KILL_WITHIN_MS)));
          cluster.postgres().stop();
          pause(POSTGRES_DOWN);
          cluster.postgres().start();
        });
  }

  @Test
  @Order(4)
  void dispatchOnOneReplicaWhileTheHolderDies() throws Exception {
    scenario(
        "2 replicas: dispatch on A for B's agent as B is killed",
        runs -> {
          Agent a = agents.get(random.nextInt(agents.size()));
          FleetProcesses b = holder(a);
          FleetProcesses other =
              cluster.alive().stream().filter(r -> r != b).findFirst().orElseThrow();
          CompletableFuture<List<JsonNode>> dispatch =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return other.dispatch(PLAN, "--agent", a.id());
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
          // The console's JVM takes about a second to start: the kill lands around its call.
          pause(Duration.ofMillis(500 + random.nextInt(1500)));
          kill(b);
          List<JsonNode> made = dispatch.get();
          assertThat(made).as("the dispatch on %s", cluster.name(other)).hasSize(1);
          record(made);
          runs.addAll(made);
        });
  }

  @Test
  @Order(5)
  void twoOfThreeReplicasKilledOneAfterTheOther() throws Exception {
    serving = 3;
    cluster.restartDead();
    scenario(
        "3 replicas: kill -9 two, one after the other",
        runs -> {
          Agent a = awaitStarted(runs);
          pause(Duration.ofMillis(random.nextInt(KILL_WITHIN_MS)));
          FleetProcesses first = holder(a);
          kill(first);
          // The agents move on; the second kill hits the replica holding most of them then.
          Eventually.until(
              "every agent connected to a running replica",
              WAIT,
              () -> agents.stream().allMatch(x -> cluster.holderOf(x).filter(alive()).isPresent()));
          pause(Duration.ofMillis(random.nextInt(KILL_WITHIN_MS)));
          FleetProcesses second =
              cluster.alive().stream()
                  .max(
                      Comparator.comparingLong(
                          r ->
                              agents.stream()
                                  .filter(x -> cluster.holderOf(x).orElse(null) == r)
                                  .count()))
                  .orElseThrow();
          kill(second);
        });
  }

  // ---- the scenario frame

  /** A fault, injected while {@code runs} are in flight (it may dispatch more and add them). */
  private interface Fault {
    void inject(List<JsonNode> runs) throws Exception;
  }

  /**
   * Per round: dispatches the plan twice to every agent (one running and one queued each), through
   * a running replica, and injects the fault; then heals (links, dead replicas restarted once the
   * agents moved on), waits until every run finished, audits the archive, adds the row and asserts
   * nothing was lost or doubled.
   */
  private void scenario(String name, Fault fault) throws Exception {
    settled = false;
    awaitAllConnected();
    Instant started = Instant.now();
    Map<String, Integer> tasksByRun = new LinkedHashMap<>();
    for (int round = 1; round <= ROUNDS; round++) {
      List<JsonNode> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<JsonNode> made = cluster.anyAlive().dispatch(PLAN, "--label", "pool=faults");
        assertThat(made).hasSize(agents.size());
        record(made);
        runs.addAll(made);
      }
      fault.inject(runs);
      for (JsonNode r : runs) {
        tasksByRun.put(r.path("run_id").asText(), PLAN_TASKS);
      }
      cluster.replicas().forEach(r -> cluster.storeLink(r).heal());
      awaitAllConnected();
      restartServing();
    }
    Duration settle = Duration.ofSeconds(60 + 15L * ROUNDS);
    Tally t =
        ArchiveAudit.settleAndAudit(
            cluster.anyAlive(),
            cluster.reportsDirs(),
            name,
            tasksByRun,
            dispatched,
            settle,
            started);
    settled = true;
    table.add(t);
    System.out.printf(
        "%s: %d runs, %d events, %d lost, %d duplicated, %d interrupted, %s%n",
        name, t.runs(), t.events(), t.lost(), t.duplicated(), t.interrupted(), t.wall());
    t.problems().forEach(p -> System.out.println("  " + p));
    assertThat(t.problems()).as("%s: what the archive lacks or holds twice", name).isEmpty();
    assertThat(t.lost()).as("%s: lost", name).isZero();
    assertThat(t.duplicated()).as("%s: duplicated", name).isZero();
  }

  private void record(List<JsonNode> runs) {
    runs.forEach(r -> dispatched.add(r.path("run_id").asText()));
  }

  /** Restarts the replicas a fault killed (the scenario's count of replicas serves again). */
  private void restartServing() throws Exception {
    for (int i = 0; i < serving; i++) {
      FleetProcesses r = cluster.replica(i);
      if (!r.controllerAlive()) {
        r.startController();
      }
    }
  }

  /** Waits until every agent's last Welcome came from a running replica. */
  private void awaitAllConnected() throws Exception {
    Eventually.until(
        "every agent connected to a running replica",
        Duration.ofSeconds(70),
        () -> agents.stream().allMatch(a -> cluster.holderOf(a).filter(alive()).isPresent()));
  }

  private static java.util.function.Predicate<FleetProcesses> alive() {
    return FleetProcesses::controllerAlive;
  }

  private FleetProcesses holder(Agent a) {
    return cluster
        .holderOf(a)
        .orElseThrow(() -> new AssertionError(a + " never connected (log " + a.log + ")"));
  }

  private void kill(FleetProcesses replica) throws Exception {
    System.out.println("  kill -9 " + cluster.name(replica));
    replica.killController();
  }

  private Agent agentOf(JsonNode run) {
    return agents.stream()
        .filter(a -> a.id().equals(run.path("agent_id").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no agent for " + run));
  }

  /** Waits until some agent's log says one of these runs started; returns that agent. */
  private Agent awaitStarted(List<JsonNode> runs) throws Exception {
    return Eventually.until(
        "one of " + runs.size() + " runs started on its agent",
        WAIT,
        () ->
            runs.stream()
                .filter(
                    r ->
                        FleetProcesses.read(agentOf(r).log)
                            .contains("Run " + r.path("run_id").asText() + ": started"))
                .map(this::agentOf)
                .findFirst()
                .orElse(null),
        java.util.Objects::nonNull);
  }

  /** The fault's own timing (how long a link stays cut, when a kill lands). */
  private static void pause(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }
}
