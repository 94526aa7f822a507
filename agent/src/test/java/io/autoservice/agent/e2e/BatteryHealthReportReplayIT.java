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

/**
 * {@code agent run} of a {@code battery_health_report} plan from the built jar. There is no tool to
 * replay on Linux: the agent reads a reconstructed {@code /sys/class/power_supply} tree from {@code
 * fixtures/tool-outputs/sysfs-power-supply/} through {@code AUTOSERVICE_POWER_SUPPLY_DIR}.
 */
@EnabledOnOs(OS.LINUX)
class BatteryHealthReportReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path PLAN =
      AgentProcess.FIXTURES.resolve("plans/drives-battery-health-report.json").toAbsolutePath();

  private static AgentProcess.Outcome run(String tree, String... extra) {
    Map<String, String> env =
        tree == null
            ? Map.of()
            : Map.of(
                "AUTOSERVICE_POWER_SUPPLY_DIR",
                AgentProcess.FIXTURES
                    .resolve("tool-outputs/sysfs-power-supply")
                    .resolve(tree)
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
  void shouldReportALaptopBattery() throws Exception {
    AgentProcess.Outcome run = run("synthetic-laptop-energy-discharging");

    assertThat(run.exitCode()).isZero();
    assertThat(taskMarkers(run))
        .containsExactly(
            "TASK_START: battery_health_report", "TASK_OK: battery_health_report | success");
    JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
    assertThat(task.at("/summary/results/health_verdict").asText()).isEqualTo("Good");
    assertThat(task.at("/summary/results/capacity_percent").asDouble()).isEqualTo(85.1);
    assertThat(task.at("/summary/human_readable/verdict").asText()).isEqualTo("Good");
  }

  @Test
  void shouldGiveTheDesktopUiTheOriginalsText() throws Exception {
    AgentProcess.Outcome run = run("synthetic-laptop-critical-wear", "--markers", "autoservice");

    assertThat(taskMarkers(run))
        .containsExactly("TASK_START:0:battery_health_report", "TASK_OK:0:battery_health_report");
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    // the app's word (its customer report shows this item only on success / counts only "failure");
    // ours kept beside it
    assertThat(result.path("status").asText()).isEqualTo("success");
    assertThat(result.at("/summary/status_detail").asText()).isEqualTo("warning");
    JsonNode summary = result.path("summary");
    assertThat(summary.path("human_readable").isTextual()).isTrue();
    assertThat(summary.path("human_readable").asText())
        .startsWith("Battery: SANYO AS16A5K\n")
        .endsWith("\nHealth: Critical");
    assertThat(summary.path("wear_level_percent").asDouble()).isEqualTo(52.0);
    assertThat(summary.path("cycle_count").asInt()).isEqualTo(1287);
  }

  @Test
  void shouldSkipADesktop() throws Exception {
    AgentProcess.Outcome run = run("synthetic-desktop-no-battery", "--markers", "autoservice");

    assertThat(run.exitCode()).isZero();
    assertThat(taskMarkers(run))
        .containsExactly(
            "TASK_START:0:battery_health_report",
            "TASK_SKIP:0:battery_health_report - no battery found");
    JsonNode summary = JSON.readTree(run.stdout()).at("/results/0/summary");
    assertThat(summary.path("human_readable").asText())
        .isEqualTo("Battery Check: Skipped (No battery detected)");
    assertThat(summary.path("error").asText()).startsWith("No battery detected.");
  }

  /** The machine's own /sys/class/power_supply: the build container has none. */
  @Test
  void shouldReadThisMachine() throws Exception {
    AgentProcess.Outcome run = run(null);

    assertThat(run.exitCode()).isZero();
    String status = JSON.readTree(run.stdout()).at("/tasks/0/status").asText();
    assertThat(status).isIn("success", "warning", "skipped");
    if (!Files.isDirectory(Path.of("/sys/class/power_supply"))) {
      assertThat(taskMarkers(run)).contains("TASK_SKIP: battery_health_report | no battery found");
    }
  }
}
