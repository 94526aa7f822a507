package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of a {@code dism_health_check} plan (all three actions) from the built jar,
 * with DISM replaced by the replay tool, which picks each step's recorded output by its arguments
 * ({@code /CheckHealth}, {@code /ScanHealth}, {@code /RestoreHealth}; fixtures/replays/
 * dism_health_check/<case>/cases).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DismHealthCheckReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN = AgentProcess.FIXTURES.resolve("plans/dism-health-check.json");

  @TempDir Path tmp;

  private Map<String, String> env(String replayCase) {
    Map<String, String> env = new HashMap<>();
    env.put(
        "AUTOSERVICE_TOOL_DISM",
        AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString());
    env.put(
        "FAKE_REPLAY_DIR",
        AgentProcess.FIXTURES
            .resolve("replays/dism_health_check/" + replayCase)
            .toAbsolutePath()
            .toString());
    env.put("FAKE_REPLAY_LOG", tmp.resolve("argv.log").toString());
    return env;
  }

  @Test
  void shouldReportARepairableStoreThatRestoreHealthFixedAsRepaired() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(env("repairable-then-restored"), "run", PLAN.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START: dism_health_check", "TASK_OK: dism_health_check | success");
    assertThat(Files.readAllLines(tmp.resolve("argv.log")))
        .containsExactly(
            "/English /Online /Cleanup-Image /CheckHealth",
            "/English /Online /Cleanup-Image /ScanHealth",
            "/English /Online /Cleanup-Image /RestoreHealth");
    List<Double> percents = new ArrayList<>();
    for (String l : run.stderrLines()) {
      if (l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\"")) {
        percents.add(
            JSON.readTree(l.substring("PROGRESS_JSON: ".length())).path("percent").asDouble());
      }
    }
    assertThat(percents).isNotEmpty().isSorted();
    assertThat(percents.get(percents.size() - 1)).isEqualTo(100.0);

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    JsonNode r = task.at("/summary/results");
    assertThat(r.get("verdict").asText()).isEqualTo("Component store corruption was repaired.");
    assertThat(r.get("steps")).hasSize(3);
    assertThat(r.at("/steps/0/parsed/health_state").asText()).isEqualTo("repairable");
    assertThat(r.at("/steps/1/parsed/health_state").asText()).isEqualTo("repairable");
    assertThat(r.at("/steps/2/parsed/repair_success").asBoolean()).isTrue();
    assertThat(r.at("/steps/2/command/4").asText()).isEqualTo("/RestoreHealth");
    assertThat(task.at("/summary/human_readable/steps/2").asText())
        .isEqualTo("RestoreHealth: healthy (restore completed)");
  }

  @Test
  void shouldWarnWhenTheRepairSourceIsMissing() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(
            env("repairable-source-missing"), "run", PLAN.toString(), "--markers", "autoservice");

    assertThat(run.markerLines()).contains("TASK_OK:0:dism_health_check");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("status").asText()).isEqualTo("warning");
    // The keys the original UI reads: steps[].action and
    // steps[].parsed.{health_state,message,repair_success}
    assertThat(result.at("/summary/steps/2/action").asText()).isEqualTo("restorehealth");
    assertThat(result.at("/summary/steps/2/parsed/repair_success").asBoolean()).isFalse();
    assertThat(result.at("/summary/steps/2/parsed/message").asText())
        .contains("The source files could not be found.");
    assertThat(result.at("/summary/error_code").asText()).isEqualTo("0x800f081f");
  }

  @Test
  void shouldFailWithoutAdministratorRights() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("not-elevated"), "run", PLAN.toString());

    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "TASK_FAIL: dism_health_check | DISM requires administrator rights (error 740)"));
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("error");
    assertThat(task.at("/summary/results/access_denied").asBoolean()).isTrue();
  }

  @Test
  void shouldReadGermanOutputInTheOemCodePage() throws Exception {
    Map<String, String> env = env("de-healthy");
    env.put("AUTOSERVICE_OEM_CODEPAGE", "850");
    AgentProcess.Outcome run = AgentProcess.run(env, "run", PLAN.toString());

    assertThat(run.markerLines()).contains("TASK_OK: dism_health_check | success");
    assertThat(
            JSON.readTree(run.stdout())
                .at("/tasks/0/summary/results/steps/1/parsed/message")
                .asText())
        .contains("Es wurde keine Komponentenspeicherbeschädigung erkannt.");
  }

  @Test
  void shouldSkipOffWindowsWhenNoDismWasNamed() {
    AgentProcess.Outcome run = AgentProcess.run(Map.of(), "run", PLAN.toString());

    assertThat(run.markerLines()).contains("TASK_SKIP: dism_health_check | requires Windows");
  }
}
