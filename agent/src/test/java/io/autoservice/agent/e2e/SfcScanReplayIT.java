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
 * {@code agent run} of an {@code sfc_scan} plan from the built jar, with sfc replaced by the replay
 * tool printing recorded SFC output as sfc writes it to a pipe: UTF-16LE, CRLF, progress lines
 * redrawn with a lone CR (fixtures/replays/sfc_scan/).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SfcScanReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN = AgentProcess.FIXTURES.resolve("plans/sfc-scan.json");

  @TempDir Path tmp;

  private Map<String, String> env(String replayCase) {
    return Map.of(
        "AUTOSERVICE_TOOL_SFC",
            AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
        "FAKE_REPLAY_DIR",
            AgentProcess.FIXTURES
                .resolve("replays/sfc_scan/" + replayCase)
                .toAbsolutePath()
                .toString(),
        "FAKE_REPLAY_LOG", tmp.resolve("argv.log").toString());
  }

  private static List<JsonNode> taskProgress(AgentProcess.Outcome run) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String l : run.stderrLines()) {
      if (l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\"")) {
        out.add(JSON.readTree(l.substring("PROGRESS_JSON: ".length())));
      }
    }
    return out;
  }

  @Test
  void shouldReportHealthySystemFilesWithLiveProgress() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("no-violations"), "run", PLAN.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_START: sfc_scan", "TASK_OK: sfc_scan | success");
    List<JsonNode> progress = taskProgress(run);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(0).path("percent").asDouble()).isZero();
    assertThat(progress.get(progress.size() - 1).path("percent").asDouble()).isEqualTo(100.0);
    assertThat(progress.get(progress.size() - 1).path("message").asText())
        .isEqualTo("Verification 100% complete.");
    assertThat(Files.readAllLines(tmp.resolve("argv.log"))).containsExactly("/scannow");

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    assertThat(task.at("/summary/results/integrity_violations").asBoolean()).isFalse();
    assertThat(task.at("/summary/results/verification_complete").asBoolean()).isTrue();
    assertThat(task.at("/summary/results/message").asText())
        .endsWith("Windows Resource Protection did not find any integrity violations.");
    assertThat(task.at("/summary/human_readable/verdict").asText())
        .isEqualTo("No integrity violations found. System files are healthy.");
    assertThat(task.at("/command/1").asText()).isEqualTo("/scannow");
    assertThat(task.path("return_code").asInt()).isZero();
  }

  @Test
  void shouldWarnInTheDesktopUisDialectWhenSomeFilesCouldNotBeRepaired() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(
            env("unable-to-fix-some"), "run", PLAN.toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_START:0:sfc_scan", "TASK_OK:0:sfc_scan");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("status").asText()).isEqualTo("warning");
    // The keys the original UI reads, laid flat in the summary.
    assertThat(result.at("/summary/integrity_violations").asBoolean()).isTrue();
    assertThat(result.at("/summary/repairs_attempted").asBoolean()).isTrue();
    assertThat(result.at("/summary/repairs_successful").asBoolean()).isFalse();
    assertThat(result.at("/summary/human_readable/reason").asText())
        .startsWith("Corrupt files found but some could not be repaired");
  }

  @Test
  void shouldReadGermanOutput() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("de-no-violations"), "run", PLAN.toString());

    assertThat(run.markerLines()).contains("TASK_OK: sfc_scan | success");
    assertThat(JSON.readTree(run.stdout()).at("/tasks/0/summary/results/message").asText())
        .endsWith("Der Windows-Ressourcenschutz hat keine Integritätsverletzungen gefunden.");
  }

  @Test
  void shouldFailWithoutAdministratorRights() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("not-elevated"), "run", PLAN.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .contains(
            "TASK_FAIL: sfc_scan | SFC requires administrator rights: run the agent elevated (as administrator).");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("error");
    assertThat(task.at("/summary/results/access_denied").asBoolean()).isTrue();
  }

  @Test
  void shouldSkipOffWindowsWhenNoSfcWasNamed() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(Map.of(), "run", PLAN.toString());

    assertThat(run.markerLines()).contains("TASK_SKIP: sfc_scan | requires Windows");
  }
}
