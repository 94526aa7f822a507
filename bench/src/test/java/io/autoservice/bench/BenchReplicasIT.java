package io.autoservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's two-replica path in {@code mvn verify}: a private PostgreSQL, two controller jars on
 * it sharing one CA, 60 agents spread over both, the console on replica 1. What a user sees: each
 * replica holds half the agents, every run dispatched through replica 1 finishes OK (half of them
 * on agents of replica 2), and every event reaches the watcher on replica 1.
 */
class BenchReplicasIT {
  private static final int AGENTS = 60;

  @TempDir Path tmp;

  @Test
  void sixtyAgentsOnTwoReplicasFinishEveryRunAndEveryEventReachesTheWatcher() throws Exception {
    Path controllerJar =
        Path.of(
            System.getProperty(
                "controller.jar", "../controller/target/autoservice-controller.jar"));
    assertThat(controllerJar)
        .as("the controller's fat jar, built earlier in the reactor")
        .isRegularFile();
    Path out = tmp.resolve("bench-result.json");

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      exit =
          BenchMain.commandLine()
              .execute(
                  "run",
                  "--agents",
                  String.valueOf(AGENTS),
                  "--replicas",
                  "2",
                  "--store",
                  "postgres",
                  "--controller-jar",
                  controllerJar.toString(),
                  "--work",
                  tmp.resolve("work").toString(),
                  "--out",
                  out.toString(),
                  "--heap",
                  "256m",
                  "--idle-seconds",
                  "1",
                  "--no-second-burst",
                  "--no-storm",
                  "--paced-rate",
                  "0",
                  "--list-runs-queries",
                  "5",
                  "--phase-timeout",
                  "60");
    } finally {
      System.setOut(saved);
    }
    String table = stdout.toString(StandardCharsets.UTF_8);
    System.out.println(table);

    assertThat(exit).as("exit status (0: all phases done, no run failed)").isZero();
    JsonNode json = new ObjectMapper().readTree(Files.readString(out));
    assertThat(json.at("/options/replicas").asInt()).isEqualTo(2);
    assertThat(json.at("/options/store").asText()).isEqualTo("postgres");
    JsonNode r = json.get("results");
    assertThat(r.at("/connect/agents_welcomed_agents").asInt()).isEqualTo(AGENTS);
    String held = "_tcp_connections_held_agents_replica_1_also_the_console_s_connections";
    assertThat(r.at("/idle/replica_2" + held).asInt())
        .as("replica 2 holds every second agent")
        .isEqualTo(AGENTS / 2);
    assertThat(r.at("/idle/replica_1" + held).asInt())
        .as("replica 1 holds the other half and the console's connection")
        .isBetween(AGENTS / 2 + 1, AGENTS / 2 + 3);
    JsonNode d = r.get("dispatch_to_all");
    assertThat(d.at("/runs_dispatched_runs").asInt()).isEqualTo(AGENTS);
    assertThat(d.at("/runs_ended_ok_runs").asInt()).isEqualTo(AGENTS);
    assertThat(d.at("/durable_events_acked_events").asLong()).isEqualTo(AGENTS * 23L);
    assertThat(d.at("/agent_event_watcher_events_seen_events").asLong())
        .as("every event, half of them from replica 2's agents, reached the watcher on replica 1")
        .isEqualTo(AGENTS * 23L);
    assertThat(d.at("/replica_2_cpu_per_event_acked_us").isNumber()).isTrue();
    assertThat(d.at("/postgresql_cpu_per_event_acked_postmaster_backends_us").asDouble())
        .as("the private PostgreSQL's CPU is measured")
        .isPositive();
    assertThat(r.at("/console_runs/listruns_p99_all_filters_ms").isNumber()).isTrue();
  }
}
