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
 * The bench's smoke run in {@code mvn verify}: 200 simulated agents against the real controller jar
 * (mTLS; the kill -9 storm is left to manual runs, it needs most of a minute by itself), checked by
 * what a user sees: every agent connected, every dispatched run finished and none failed, and the
 * JSON result holding the table's fields.
 */
class BenchSmokeIT {
  @TempDir Path tmp;

  @Test
  void twoHundredAgentsConnectAndFinishEveryRun() throws Exception {
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
                  "200",
                  "--controller-jar",
                  controllerJar.toString(),
                  "--work",
                  tmp.resolve("work").toString(),
                  "--out",
                  out.toString(),
                  "--heap",
                  "256m",
                  "--idle-seconds",
                  "2",
                  "--no-second-burst",
                  "--no-storm",
                  "--paced-rate",
                  "1000",
                  "--paced-agents",
                  "100",
                  "--paced-tasks",
                  "3",
                  "--list-runs-queries",
                  "10",
                  "--phase-timeout",
                  "120");
    } finally {
      System.setOut(saved);
    }
    String table = stdout.toString(StandardCharsets.UTF_8);
    System.out.println(table);

    assertThat(exit).as("exit status (0: all phases done, no run failed)").isZero();
    assertThat(table)
        .contains("time until all welcomed (cold)", "every run finished", "ListRuns p99");
    assertThat(out).isRegularFile();
    JsonNode json = new ObjectMapper().readTree(Files.readString(out));
    assertThat(json.at("/machine/cores").asInt()).isPositive();
    assertThat(json.at("/build/git_commit").asText()).isNotEmpty();
    assertThat(json.at("/options/agents").asInt()).isEqualTo(200);
    JsonNode r = json.get("results");
    assertThat(r.at("/connect/agents_welcomed_agents").asInt()).isEqualTo(200);
    assertThat(r.at("/connect/time_until_all_welcomed_cold_s").isNumber()).isTrue();
    assertThat(r.at("/idle/controller_rss_mb").asLong()).isPositive();
    assertThat(r.at("/idle/controller_threads_threads").asInt()).isPositive();
    assertThat(r.at("/idle/controller_cpu_2_s_window_pct_of_1_core").isNumber()).isTrue();
    assertThat(r.at("/dispatch_to_all/runs_dispatched_runs").asInt()).isEqualTo(200);
    assertThat(r.at("/dispatch_to_all/every_run_finished_runfinished_acked_ms").isNumber())
        .isTrue();
    assertThat(r.at("/dispatch_to_all/runs_ended_ok_runs").asInt()).isEqualTo(200);
    assertThat(r.at("/dispatch_to_all/runs_ended_failed_error_runs").asInt()).isZero();
    assertThat(r.at("/dispatch_to_all/durable_events_acked_events").asLong()).isEqualTo(200L * 23);
    assertThat(r.at("/dispatch_to_all/agent_event_watcher_p99_ms").isNumber()).isTrue();
    JsonNode paced = r.get("event_console_paced");
    assertThat(paced.at("/load_agents_x_events_s_each").asText()).isEqualTo("100 x 10.0");
    assertThat(paced.at("/agent_event_watcher_events_seen_events").asLong())
        .as("every paced event reached the console watching its run")
        .isEqualTo(100L * 23);
    assertThat(paced.at("/agent_event_watcher_p99_ms").isNumber()).isTrue();
    assertThat(r.at("/console_runs/listruns_p99_all_filters_ms").isNumber()).isTrue();
  }
}
