package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code agent run} of a {@code smartctl_report} plan from the built jar, with smartctl replaced by
 * the replaying fake tool ({@code AUTOSERVICE_TOOL_SMARTCTL}) and a case folder of {@code
 * fixtures/replays/smartctl_report/} (recorded JSON, real exit codes).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class SmartctlReportReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN =
      AgentProcess.FIXTURES.resolve("plans/drives-smartctl-report.json").toAbsolutePath();

  private static AgentProcess.Outcome run(String replayCase, String... extra) {
    Map<String, String> env =
        Map.of(
            "AUTOSERVICE_TOOL_SMARTCTL",
                AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
            "FAKE_REPLAY_DIR",
                AgentProcess.FIXTURES
                    .resolve("replays/smartctl_report")
                    .resolve(replayCase)
                    .toAbsolutePath()
                    .toString());
    String[] args = new String[2 + extra.length];
    args[0] = "run";
    args[1] = PLAN.toString();
    System.arraycopy(extra, 0, args, 2, extra.length);
    return AgentProcess.run(env, args);
  }

  private static List<String> taskMarkers(AgentProcess.Outcome run) {
    return run.markerLines().stream().filter(l -> l.startsWith("TASK_")).toList();
  }

  @Test
  void shouldReportAHealthyDrive() throws Exception {
    AgentProcess.Outcome run = run("healthy-nvme");

    assertThat(run.exitCode()).isZero();
    assertThat(taskMarkers(run))
        .containsExactly("TASK_START: smartctl_report", "TASK_OK: smartctl_report | success");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.path("status").asText()).isEqualTo("success");
    JsonNode drive = task.at("/summary/results/drives/0");
    assertThat(drive.path("model_name").asText()).isEqualTo("Force MP510");
    assertThat(drive.path("power_on_hours").asInt()).isEqualTo(6487);
    assertThat(drive.path("friendly").asText()).contains("Power On Time: 6,487 hours");
    assertThat(task.at("/command/0").asText()).endsWith("replay");
    assertThat(task.at("/command/1").asText()).isEqualTo("--scan");
  }

  @Test
  void shouldGiveTheDesktopUiItsFlatDriveList() throws Exception {
    AgentProcess.Outcome run = run("failing-drives", "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(taskMarkers(run))
        .containsExactly("TASK_START:0:smartctl_report", "TASK_OK:0:smartctl_report");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    JsonNode summary = result.path("summary");
    assertThat(summary.at("/drives/0/name").asText()).isEqualTo("/dev/nvme0");
    assertThat(summary.at("/drives/0/health_passed").asBoolean()).isFalse();
    assertThat(summary.at("/skipped_devices/0/reason").asText()).isEqualTo("usb");
    assertThat(summary.at("/human_readable/reason").asText())
        .isEqualTo("SMART health check FAILED on /dev/nvme0 (Crucial P2 1TB)");
  }

  @Test
  void shouldTellTheDesktopAppSomeDrivesCouldNotBeRead() throws Exception {
    AgentProcess.Outcome run = run("mixed-windows", "--markers", "autoservice");

    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("status").asText()).isEqualTo("completed_with_errors");
    assertThat(result.at("/summary/human_readable/status").asText()).isEqualTo("warning");
    assertThat(result.at("/summary/errors/0/error").asText()).contains("Open failed, Error=5");
  }

  @Test
  void shouldWarnWhenADeviceCannotBeOpened() throws Exception {
    AgentProcess.Outcome run = run("mixed-windows");

    assertThat(taskMarkers(run))
        .containsExactly("TASK_START: smartctl_report", "TASK_OK: smartctl_report | warning");
    JsonNode results = JSON.readTree(run.stdout()).at("/tasks/0/summary/results");
    assertThat(results.at("/errors/0/error").asText()).contains("Open failed, Error=5");
    assertThat(results.at("/drives/0/model_name").asText()).isEqualTo("Intel Raid 1 Volume");
  }

  @Test
  void shouldSkipAMachineWithoutDrives() throws Exception {
    AgentProcess.Outcome run = run("no-drives");

    assertThat(run.exitCode()).isZero();
    assertThat(taskMarkers(run))
        .containsExactly(
            "TASK_START: smartctl_report",
            "TASK_SKIP: smartctl_report | no drives found by smartctl --scan");
    assertThat(JSON.readTree(run.stdout()).at("/tasks/0/status").asText()).isEqualTo("skipped");
  }

  @Test
  void shouldFailWhenTheScanFails() throws Exception {
    AgentProcess.Outcome run = run("scan-fails");

    assertThat(run.exitCode()).isZero();
    assertThat(taskMarkers(run))
        .containsExactly(
            "TASK_START: smartctl_report",
            "TASK_FAIL: smartctl_report | smartctl --scan printed no JSON (exit code 1): Use smartctl -h to get a usage summary");
    JsonNode report = JSON.readTree(run.stdout());
    assertThat(report.at("/tasks/0/status").asText()).isEqualTo("error");
    assertThat(report.path("status").asText()).isEqualTo("completed_with_errors");
  }
}
