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
 * {@code agent run} of a {@code drivecleanup_clean} plan (the original's sample plan, test mode)
 * from the built jar, with DriveCleanup replaced by the replay tool printing reconstructed output
 * from fixtures/replays/drivecleanup_clean/ (see fixtures/tool-outputs/drivecleanup/README.md).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DriveCleanupReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN = AgentProcess.FIXTURES.resolve("plans/scans-drivecleanup.json");

  @TempDir Path tmp;

  private Map<String, String> env(String replayCase) {
    return Map.of(
        "AUTOSERVICE_TOOL_DRIVECLEANUP",
            AgentProcess.FIXTURES.resolve("fake-tools/replay").toAbsolutePath().toString(),
        "FAKE_REPLAY_DIR",
            AgentProcess.FIXTURES
                .resolve("replays/drivecleanup_clean/" + replayCase)
                .toAbsolutePath()
                .toString(),
        "FAKE_REPLAY_LOG", tmp.resolve("argv.log").toString());
  }

  @Test
  void shouldReportWhatATestRunWouldRemove() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("test-only"), "run", PLAN.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START: drivecleanup_clean", "TASK_OK: drivecleanup_clean | success");
    assertThat(Files.readString(tmp.resolve("argv.log")).strip())
        .isEqualTo("-t -n -v -d -c -u -w -r");

    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    JsonNode r = task.at("/summary/results");
    assertThat(r.path("version").asText()).isEqualTo("1.6.5");
    assertThat(r.at("/intent/test_only").asBoolean()).isTrue();
    assertThat(r.at("/intent/cleanup_all").asBoolean()).isFalse();
    assertThat(r.at("/counts/usb_devices_removed").asInt()).isEqualTo(1);
    assertThat(r.at("/counts/usb_hubs_removed").asInt()).isZero();
    assertThat(r.path("removed_items_total").asInt()).isEqualTo(4);
    assertThat(r.path("removed_items")).hasSize(4);
    assertThat(r.at("/removed_items/3/category").asText()).isEqualTo("registry");
    assertThat(task.at("/summary/human_readable/verdict").asText()).isEqualTo("test_only");
    assertThat(task.at("/command/1").asText()).isEqualTo("-t");
  }

  @Test
  void shouldCountUsageTextAsANoOpInTheDesktopUisDialect() throws Exception {
    AgentProcess.Outcome run =
        AgentProcess.run(env("usage"), "run", PLAN.toString(), "--markers", "autoservice");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.markerLines())
        .contains("TASK_START:0:drivecleanup_clean", "TASK_OK:0:drivecleanup_clean");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/exit_code").asInt()).isEqualTo(1);
    assertThat(result.at("/summary/counts/disk_devices_removed").isNull()).isTrue();
    assertThat(result.at("/summary/human_readable/verdict").asText()).isEqualTo("nothing_done");
  }

  @Test
  void shouldFailWhenDriveCleanupFails() throws Exception {
    AgentProcess.Outcome run = AgentProcess.run(env("no-admin"), "run", PLAN.toString());

    assertThat(run.exitCode()).as("a failed task is a finished run").isZero();
    assertThat(run.markerLines())
        .contains(
            "TASK_FAIL: drivecleanup_clean | DriveCleanup failed with exit code 2: Admin privileges required, aborting.");
  }
}
