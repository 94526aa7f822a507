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
 * {@code agent run} with a {@code windows_update} task whose PowerShell is the replaying fake tool:
 * the script outputs under {@code fixtures/replays/windows_update/} (reconstructed, see
 * fixtures/tool-outputs/pswindowsupdate/README.md), end to end through the built jar.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class WindowsUpdateReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private AgentProcess.Outcome run(String replayCase, String... args) {
    Map<String, String> env =
        Map.of(
            "AUTOSERVICE_TOOL_POWERSHELL",
                AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
            "FAKE_REPLAY_DIR",
                AgentProcess.FIXTURES
                    .resolve("replays/windows_update")
                    .resolve(replayCase)
                    .toAbsolutePath()
                    .toString(),
            "FAKE_REPLAY_LOG", tmp.resolve("args.log").toString());
    return AgentProcess.run(env, args);
  }

  private static String samplePlan() {
    return AgentProcess.FIXTURES.resolve("plans/windows-update.json").toAbsolutePath().toString();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(json, e);
    }
  }

  @Test
  void shouldInstallUpdatesAndShowTheScriptsProgressLive() throws Exception {
    AgentProcess.Outcome run = run("updated", "run", samplePlan());

    assertThat(run.exitCode()).isZero();
    List<String> markers = run.markerLines();
    assertThat(markers).contains("TASK_START: windows_update", "TASK_OK: windows_update | success");
    List<JsonNode> live =
        markers.stream()
            .filter(l -> l.startsWith("PROGRESS_JSON: {\"type\":\"task_progress\""))
            .map(l -> read(l.substring("PROGRESS_JSON: ".length())))
            .toList();
    assertThat(live).hasSizeGreaterThanOrEqualTo(2);
    assertThat(live)
        .allSatisfy(
            p -> {
              assertThat(p.path("task_type").asText()).isEqualTo("windows_update");
              assertThat(p.path("message").asText()).startsWith("Windows Update: ");
            });
    assertThat(live.get(0).path("message").asText()).isEqualTo("Windows Update: prepare module");
    assertThat(live.get(live.size() - 1).path("percent").asDouble()).isEqualTo(100.0);
    int start = markers.indexOf("TASK_START: windows_update");
    int end = markers.indexOf("TASK_OK: windows_update | success");
    for (int i = 0; i < markers.size(); i++) {
      if (markers.get(i).contains("\"task_progress\"")) {
        assertThat(i).as("progress is reported while the task runs").isBetween(start, end);
      }
    }

    String args = Files.readString(tmp.resolve("args.log")).strip();
    assertThat(args)
        .startsWith("-NoProfile -NonInteractive -ExecutionPolicy Bypass -File ")
        .endsWith("windows-update.ps1");
    Path script = Path.of(args.substring(args.indexOf("-File ") + "-File ".length()));
    assertThat(script).as("the temporary script is deleted").doesNotExist();

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    JsonNode r = task.at("/summary/results");
    assertThat(r.at("/install/count_installed").asInt()).isEqualTo(5);
    assertThat(r.at("/install/count_driver_installed").asInt()).isEqualTo(2);
    assertThat(r.at("/pre_scan/items/0/KB").asText()).isEqualTo("KB5053598");
    assertThat(r.path("reboot_required").asBoolean()).isTrue();
    assertThat(task.at("/summary/human_readable/verdict").asText()).isEqualTo("updated");
    assertThat(task.at("/summary/human_readable/summary_line").asText())
        .isEqualTo("Installed: 5; Reboot required");
    assertThat(task.path("command").get(6).asText()).isEqualTo(script.toString());
  }

  @Test
  void shouldFailTheTaskWhenPswindowsupdateIsMissing() throws Exception {
    AgentProcess.Outcome run = run("module-missing", "run", samplePlan());

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "TASK_FAIL: windows_update | The PSWindowsUpdate PowerShell module is not available"));
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("error");
    assertThat(task.at("/summary/results/meta/module_available").asBoolean()).isFalse();
    assertThat(task.at("/summary/results/exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void shouldTellTheDesktopAppThatNothingRanWhenPswindowsupdateIsMissing() throws Exception {
    AgentProcess.Outcome run =
        run("module-missing", "run", samplePlan(), "--markers", "autoservice");

    // "failure", not "error": the app's customer report must not say "Checked – status reviewed"
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("status").asText()).isEqualTo("failure");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("error");
    assertThat(result.at("/summary/human_readable/severity").asText()).isEqualTo("error");
    assertThat(JSON.readTree(run.stdout()).path("overall_status").asText())
        .isEqualTo("completed_with_errors");
  }

  @Test
  void shouldGiveTheDesktopUiItsFlatSummaryWhenUpdatesFailed() throws Exception {
    AgentProcess.Outcome run = run("failed", "run", samplePlan(), "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(run.markerLines()).contains("TASK_OK:0:windows_update");
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.path("overall_status").asText()).isEqualTo("success");
    JsonNode result = report.at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("completed_with_errors");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    JsonNode s = result.path("summary");
    assertThat(s.at("/install/count_failed").asInt()).isEqualTo(2);
    assertThat(s.at("/post_scan/count_remaining").asInt()).isEqualTo(2);
    assertThat(s.at("/human_readable/verdict").asText()).isEqualTo("updates-remaining");
    assertThat(s.at("/errors/0/where").asText()).isEqualTo("InstallUpdates");
  }
}
