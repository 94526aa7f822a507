package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} with {@code winsat_disk} tasks whose winsat is the replaying fake tool (cases
 * under {@code fixtures/replays/winsat_disk/}), end to end through the built jar.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class WinsatDiskReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome run(String caseName, String... args) {
    Map<String, String> env =
        Map.of(
            "AUTOSERVICE_TOOL_WINSAT",
                AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
            "FAKE_REPLAY_DIR",
                AgentProcess.FIXTURES
                    .resolve("replays/winsat_disk")
                    .resolve(caseName)
                    .toAbsolutePath()
                    .toString(),
            "FAKE_REPLAY_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  @Test
  void shouldBenchmarkAndRateTheDriveFromTheSamplePlan() throws Exception {
    Path plan = AgentProcess.FIXTURES.resolve("plans/diskbench-winsat.json").toAbsolutePath();
    AgentProcess.Outcome run = run("ssd", "run", plan.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(tmp.resolve("args.log")).strip()).isEqualTo("disk -drive C");
    assertThat(run.markerLines())
        .contains("TASK_START: winsat_disk", "TASK_OK: winsat_disk | success");
    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\"")
                    && l.contains("Storage Assessment"));
    JsonNode summary = JSON.readTree(run.stdout()).at("/tasks/0/summary");
    assertThat(summary.at("/results/drive").asText()).isEqualTo("C:");
    assertThat(summary.at("/results/results/random_read_mbps").asDouble()).isEqualTo(404.52);
    assertThat(summary.at("/results/results/sequential_read_mbps").asDouble()).isEqualTo(516.71);
    assertThat(summary.at("/results/results/sequential_write_mbps").asDouble()).isEqualTo(489.5);
    assertThat(summary.at("/human_readable/score").asDouble()).isEqualTo(85.3);
    assertThat(summary.at("/human_readable/verdict").asText()).isEqualTo("excellent");
    assertThat(summary.at("/human_readable/rating_stars").asInt()).isEqualTo(5);
  }

  @Test
  void shouldPassTheDocumentedFlushSwitchAndSpeakTheDesktopDialect() throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(
        plan,
        "{\"tasks\": [{\"type\": \"winsat_disk\", \"drive\": \"c:\", \"test_mode\": \"flush\"}]}");
    AgentProcess.Outcome run = run("ssd", "run", plan.toString(), "--markers", "autoservice");

    assertThat(Files.readString(tmp.resolve("args.log")).strip()).isEqualTo("disk -flush -drive C");
    assertThat(run.markerLines()).contains("TASK_OK:0:winsat_disk");
    JsonNode summary = JSON.readTree(run.stdout()).at("/results/0/summary");
    // what the original UI reads: results.*_mbps, human_readable.{score,verdict,notes}, drive,
    // test_mode
    assertThat(summary.path("drive").asText()).isEqualTo("C:");
    assertThat(summary.path("test_mode").asText()).isEqualTo("flush");
    assertThat(summary.path("duration_seconds").asDouble()).isPositive();
    assertThat(summary.at("/results/avg_read_time_seq_writes_ms").asDouble()).isEqualTo(0.218);
    assertThat(summary.at("/results/sequential_read_mbps").isNull()).isTrue();
    assertThat(summary.at("/human_readable/notes").isArray()).isTrue();
    assertThat(summary.at("/human_readable/score").asDouble()).isEqualTo(87.2);
  }

  @Test
  void shouldFailOnANonZeroExitCode() throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(plan, "{\"tasks\": [{\"type\": \"winsat_disk\", \"drive\": \"Q\"}]}");
    AgentProcess.Outcome run = run("failure", "run", plan.toString());

    List<String> fails = run.markerLines().stream().filter(l -> l.startsWith("TASK_FAIL")).toList();
    assertThat(fails)
        .singleElement()
        .asString()
        .startsWith("TASK_FAIL: winsat_disk | winsat failed with exit code 1: ");
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.at("/tasks/0/status").asText()).isEqualTo("error");
    assertThat(report.at("/tasks/0/summary/results/exit_code").asInt()).isEqualTo(1);
  }
}
