package io.autoservice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sim-processes 2}: 200 agents, 100 simulated here and 100 in a child JVM, against the
 * real controller jar. What a user sees: every agent welcomed and every run finished (so the
 * child's agents count), the table saying two processes with 100 agents each, and no simulator
 * process left running afterwards.
 */
class BenchMultiProcessIT {
  @TempDir Path tmp;

  @Test
  void twoSimulatorProcessesCarryOneFleet() throws Exception {
    Path controllerJar =
        Path.of(
            System.getProperty(
                "controller.jar", "../controller/target/autoservice-controller.jar"));
    assertThat(controllerJar).isRegularFile();
    Path out = tmp.resolve("bench-result.json");
    Path work = tmp.resolve("work");

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
                  "200",
                  "--sim-processes",
                  "2",
                  "--sim-heap",
                  "256m",
                  "--controller-jar",
                  controllerJar.toString(),
                  "--work",
                  work.toString(),
                  "--out",
                  out.toString(),
                  "--heap",
                  "256m",
                  "--idle-seconds",
                  "1",
                  "--no-second-burst",
                  "--no-storm",
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
    assertThat(table).containsPattern("simulator processes \\(JVMs\\)\\s+2\\s+processes");
    assertThat(table).containsPattern("agents per simulator process\\s+100 \\+ 100\\s+agents");
    assertThat(table)
        .containsPattern("watched runs timed \\(this process's agents\\)\\s+100 of 200");
    JsonNode json = new ObjectMapper().readTree(Files.readString(out));
    assertThat(json.at("/options/sim_processes").asInt()).isEqualTo(2);
    JsonNode r = json.get("results");
    assertThat(r.at("/connect/agents_welcomed_agents").asInt()).isEqualTo(200);
    assertThat(r.at("/idle/agents_online_agents").asInt()).isEqualTo(200);
    assertThat(r.at("/dispatch_to_all/runs_dispatched_runs").asInt()).isEqualTo(200);
    assertThat(r.at("/dispatch_to_all/runs_ended_ok_runs").asInt()).isEqualTo(200);
    assertThat(r.at("/dispatch_to_all/durable_events_acked_events").asLong()).isEqualTo(200L * 23);
    assertThat(r.at("/dispatch_to_all/agent_event_watcher_events_seen_events").asLong())
        .as("only this JVM's 100 runs are timed (late ones may still be travelling)")
        .isBetween(1L, 100L * 23);
    assertThat(r.at("/dispatch_to_all/watcher_resyncs_unmatched_events").asText())
        .as("the child's events are watched but not taken for unmatched ones")
        .endsWith("/ 0");
    assertThat(Files.readString(work.resolve("sim-worker-2.log")))
        .as("the child's stderr log exists (it was started)")
        .isNotNull();

    List<ProcessHandle> leftover =
        ProcessHandle.current()
            .descendants()
            .filter(ProcessHandle::isAlive)
            .filter(
                p -> p.info().arguments().map(a -> List.of(a).contains("sim-worker")).orElse(false))
            .toList();
    assertThat(leftover).as("simulator processes still running").isEmpty();
  }
}
