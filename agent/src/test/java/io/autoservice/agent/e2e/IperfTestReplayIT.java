package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoservice.agent.testing.LocalIperfServer;
import io.autoservice.agent.tools.Tool;
import io.autoservice.agent.tools.ToolLocator;
import io.autoservice.agent.tools.ToolNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of {@code iperf_test} plans from the built jar: with iperf3 replaced by the
 * replay tool printing recorded iperf3 JSON (fixtures/replays/iperf_test/), and once with the real
 * iperf3 against a real iperf3 server on 127.0.0.1 that the test starts.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class IperfTestReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN = AgentProcess.FIXTURES.resolve("plans/network-iperf-replay.json");

  @TempDir Path tmp;

  private Map<String, String> env(String replayCase) {
    return Map.of(
        "AUTOSERVICE_TOOL_IPERF3",
            AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
        "FAKE_REPLAY_DIR",
            AgentProcess.FIXTURES
                .resolve("replays/iperf_test/" + replayCase)
                .toAbsolutePath()
                .toString(),
        "FAKE_REPLAY_LOG", tmp.resolve("argv.log").toString());
  }

  private static List<JsonNode> taskProgress(AgentProcess.Outcome run) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : run.stderrLines()) {
      if (l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\"")) {
        out.add(JSON.readTree(l.substring("PROGRESS_JSON: ".length())));
      }
    }
    return out;
  }

  @Test
  void shouldRateARecordedTcpRunWithProgress() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("tcp-10s"), "run", PLAN.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START: iperf_test", "TASK_OK: iperf_test | success");
    assertThat(Files.readAllLines(tmp.resolve("argv.log")))
        .containsExactly("-c 192.0.2.10 -p 5500 --json -i 1 -t 10 --omit 3");
    assertThat(taskProgress(run))
        .extracting(p -> p.path("message").asText())
        .contains("measuring… 1 of 13 s");

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    assertThat(task.at("/summary/results/aggregates/bits_per_second_sender").asDouble())
        .isEqualTo(464521026.084);
    assertThat(task.at("/summary/results/interval_stats/samples").asInt()).isEqualTo(10);
    assertThat(task.at("/summary/results/interval_stats/below_threshold_intervals").asInt())
        .isEqualTo(1);
    assertThat(task.at("/summary/results/stability_threshold_bps").asLong())
        .isEqualTo(450_000_000L);
    assertThat(task.at("/summary/human_readable/throughput/mean").asDouble()).isEqualTo(464.517);
    assertThat(task.at("/summary/human_readable/throughput/below_threshold_percent").asDouble())
        .isEqualTo(10.0);
    assertThat(task.at("/summary/human_readable/stability_score").asDouble()).isEqualTo(97.0);
    assertThat(task.at("/summary/human_readable/verdict").asText()).isEqualTo("excellent");
    assertThat(task.at("/command/1").asText()).isEqualTo("-c");
  }

  @Test
  void shouldGiveTheUiItsKeysAndFailARefusedConnection() throws Exception {
    AgentProcess.Outcome ok =
        AgentProcess.run(env("tcp-10s"), "run", PLAN.toString(), "--markers", "autoservice");
    AgentProcess.Outcome refused =
        AgentProcess.run(
            env("connection-refused"), "run", PLAN.toString(), "--markers", "autoservice");

    assertThat(ok.markerLines()).contains("TASK_START:0:iperf_test", "TASK_OK:0:iperf_test");
    JsonNode summary = JSON.readTree(ok.stdout()).at("/results/0/summary");
    // what the original UI's iperf_test view reads, laid flat
    for (String path :
        List.of(
            "/human_readable/verdict",
            "/human_readable/throughput/mean",
            "/human_readable/stability_score",
            "/human_readable/direction",
            "/human_readable/protocol",
            "/human_readable/notes",
            "/throughput_over_time_mbps",
            "/duration_seconds",
            "/server")) {
      assertThat(summary.at(path).isMissingNode()).as(path).isFalse();
    }
    assertThat(summary.at("/server").asText()).isEqualTo("192.0.2.10");
    assertThat(summary.at("/duration_seconds").asInt()).isEqualTo(10);

    assertThat(refused.exitCode()).isZero();
    assertThat(refused.markerLines())
        .contains("TASK_FAIL:0:iperf_test - unable to connect to server: Connection refused");
    assertThat(JSON.readTree(refused.stdout()).at("/results/0/status").asText())
        .isEqualTo("failure");
    assertThat(
            JSON.readTree(refused.stdout()).at("/results/0/summary/human_readable/status").asText())
        .isEqualTo("error");
  }

  @Test
  void shouldFailAnInterruptedRunButKeepItsMeasurements() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("interrupted"), "run", PLAN.toString());

    assertThat(run.markerLines())
        .contains("TASK_FAIL: iperf_test | interrupt - the client has terminated");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.at("/summary/results/interval_stats/samples").asInt()).isEqualTo(11);
    assertThat(task.at("/summary/results/exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void shouldMeasureARealIperf3ServerOnTheLoopback() throws Exception {
    Path iperf3;
    try {
      iperf3 = ToolLocator.system().locate(Tool.IPERF3, Optional.empty());
    } catch (ToolNotFoundException e) {
      assumeTrue(false, "iperf3 is not installed: " + e.getMessage());
      return;
    }
    try (LocalIperfServer server = LocalIperfServer.start(iperf3)) {
      Path plan = tmp.resolve("iperf-real.json");
      Files.writeString(
          plan,
          """
          {"tasks": [{"type": "iperf_test", "server": "127.0.0.1", "port": %d, "duration_seconds": 1,
                      "reverse": true}]}
          """
              .formatted(server.port()));

      AgentProcess.Outcome run = AgentProcess.run("run", plan.toString());

      assertThat(run.markerLines()).as(run.stderr()).contains("TASK_OK: iperf_test | success");
      JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
      assertThat(task.at("/summary/results/aggregates/bits_per_second_receiver").asDouble())
          .isPositive();
      assertThat(task.at("/summary/human_readable/throughput/mean").asDouble()).isPositive();
      assertThat(task.at("/summary/human_readable/direction").asText()).isEqualTo("download");
      assertThat(task.at("/command/0").asText()).isEqualTo(iperf3.toString());
    }
  }
}
