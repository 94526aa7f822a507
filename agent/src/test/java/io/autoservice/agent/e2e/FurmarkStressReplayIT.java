package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} with {@code furmark_stress_test} tasks whose FurMark is the replaying fake tool
 * (cases under {@code fixtures/replays/furmark_stress_test/}), end to end through the built jar.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FurmarkStressReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome run(String caseName, String... args) {
    Map<String, String> env =
        Map.of(
            "AUTOSERVICE_TOOL_FURMARK",
                AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
            "FAKE_REPLAY_DIR",
                AgentProcess.FIXTURES
                    .resolve("replays/furmark_stress_test")
                    .resolve(caseName)
                    .toAbsolutePath()
                    .toString(),
            "FAKE_REPLAY_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  private Path plan(String json) throws Exception {
    Path plan = tmp.resolve("plan.json");
    Files.writeString(plan, json);
    return plan;
  }

  @Test
  void shouldRunTheSamplePlanAndReportFpsAndTemperature() throws Exception {
    Path plan = AgentProcess.FIXTURES.resolve("plans/stress-furmark.json").toAbsolutePath();
    AgentProcess.Outcome run = run("rtx3060", "run", plan.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(tmp.resolve("args.log")).strip())
        .isEqualTo("--demo furmark-gl --width 1920 --height 1080 --max-time 60 --no-gui");
    assertThat(run.markerLines())
        .contains("TASK_START: furmark_stress_test", "TASK_OK: furmark_stress_test | success");
    JsonNode summary = JSON.readTree(run.stdout()).at("/tasks/0/summary");
    assertThat(summary.at("/results/renderer").asText())
        .isEqualTo("NVIDIA GeForce RTX 3060/PCIe/SSE2");
    assertThat(summary.at("/results/fps/min").asInt()).isEqualTo(96);
    assertThat(summary.at("/results/fps/avg").asInt()).isEqualTo(103);
    assertThat(summary.at("/results/fps/max").asInt()).isEqualTo(108);
    assertThat(summary.at("/results/gpus/0/max_temperature_c").asInt()).isEqualTo(52);
    assertThat(summary.at("/results/gpus/0/max_core_clock_mhz").asInt()).isEqualTo(1882);
    assertThat(summary.at("/human_readable/verdict").asText()).isEqualTo("passed");
  }

  @Test
  void shouldWarnAboutAHotGpuInTheDesktopDialect() throws Exception {
    Path plan =
        plan(
            "{\"tasks\":[{\"type\":\"furmark_stress_test\",\"duration_seconds\":60,\"extra_args\":[\"--no-gui\"]}]}");
    AgentProcess.Outcome run = run("hot-gpu", "run", plan.toString(), "--markers", "autoservice");

    assertThat(run.markerLines()).contains("TASK_OK:0:furmark_stress_test");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    // what the original UI lists: the parsed keys laid flat in summary
    JsonNode s = result.path("summary");
    assertThat(s.at("/resolution/width").asInt()).isEqualTo(1280);
    assertThat(s.path("frames").asInt()).isEqualTo(7390);
    assertThat(s.path("duration_ms").asLong()).isEqualTo(60011);
    assertThat(s.path("gpus")).hasSize(2);
    assertThat(s.at("/gpus/1/max_temperature_c").asInt()).isEqualTo(97);
    assertThat(s.at("/human_readable/reason").asText())
        .isEqualTo("GPU 1 (NVIDIA GeForce GTX 1080) reached 97 °C, above 95 °C — check cooling");
  }

  @Test
  void shouldFailWhenFurMarkExitsWithAnError() throws Exception {
    Path plan = plan("{\"type\":\"furmark_stress_test\",\"duration_minutes\":1}");
    AgentProcess.Outcome run = run("error", "run", plan.toString());

    assertThat(Files.readString(tmp.resolve("args.log")).strip())
        .isEqualTo("--demo furmark-gl --width 1920 --height 1080 --max-time 60");
    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "TASK_FAIL: furmark_stress_test | FurMark exited with code 1: ERROR: unable to create an OpenGL 3.2 context"));
    assertThat(JSON.readTree(run.stdout()).at("/tasks/0/summary/results/exit_code").asInt())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseAnInjectedOptionBeforeRunning() throws Exception {
    Path plan =
        plan(
            "{\"type\":\"furmark_stress_test\",\"duration_seconds\":60,\"extra_args\":[\"--max-time=99999\"]}");
    AgentProcess.Outcome run = run("rtx3060", "run", plan.toString());

    assertThat(Files.exists(tmp.resolve("args.log"))).isFalse();
    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith("TASK_FAIL: furmark_stress_test | extra_args may not set --max-time"));
  }
}
