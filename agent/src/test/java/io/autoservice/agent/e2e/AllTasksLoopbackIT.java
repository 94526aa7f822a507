package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoservice.agent.testing.LocalChatServer;
import io.autoservice.agent.testing.LocalIperfServer;
import io.autoservice.agent.testing.LocalSpeedtestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original's {@code test_all.json}, every network target pointed at loopback (its iperf server
 * is a private address, speedtest and the AI task go to the internet), run on Linux: a complete
 * report, no crash, Windows-only tasks skipped with their reason.
 */
@EnabledOnOs(OS.LINUX)
class AllTasksLoopbackIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> WINDOWS_ONLY =
      Set.of(
          "adwcleaner_clean",
          "heavyload_stress_test",
          "furmark_stress_test",
          "sfc_scan",
          "dism_health_check",
          "ai_startup_disable",
          "chkdsk_scan",
          "kvrt_scan",
          "windows_update");

  @TempDir Path tmp;

  @Test
  void shouldRunTheOriginalsWholePlanToACompleteReport() throws Exception {
    Path original =
        Path.of(
            System.getProperty("shared.dir", "../../shared"),
            "reference/autoservice/plans/test_all.json");
    Assumptions.assumeTrue(Files.exists(original), "test_all.json not found at " + original);
    Path iperf3 = Path.of("/usr/bin/iperf3");
    Assumptions.assumeTrue(Files.isExecutable(iperf3), "iperf3 is not installed");
    try (LocalIperfServer iperf = LocalIperfServer.start(iperf3);
        LocalSpeedtestServer speed = LocalSpeedtestServer.start(LocalSpeedtestServer.Mode.OK);
        LocalChatServer ai = LocalChatServer.start()) {
      ai.content(
          "{\"analysis_summary\":{\"total_items\":0},\"to_disable\":[],\"keep_enabled\":[]}");
      ObjectNode plan = (ObjectNode) JSON.readTree(original.toFile());
      ArrayNode tasks = (ArrayNode) plan.get("tasks");
      for (JsonNode t : tasks) {
        ObjectNode task = (ObjectNode) t;
        switch (task.path("type").asText()) {
          case "iperf_test" -> {
            task.put("server", "127.0.0.1");
            task.put("port", iperf.port());
            task.remove("executable_path");
            task.remove("duration_minutes");
            task.put("duration_seconds", 2);
          }
          case "speedtest" -> {
            task.put("server_url", speed.serverUrl());
            task.put("download_seconds", 1);
            task.put("upload_seconds", 1);
          }
          case "ai_startup_disable" -> task.put("base_url", ai.baseUrl());
          default -> {}
        }
      }
      Path planFile = tmp.resolve("test_all_loopback.json");
      JSON.writeValue(planFile.toFile(), plan);
      Path config = tmp.resolve("agent.json");
      Files.writeString(
          config,
          "{\"secrets\":{\"openai_api_key\":{\"value\":\"sk-test-never-printed\","
              + "\"base_urls\":[\""
              + ai.baseUrl()
              + "\"]}}}");

      AgentProcess.Outcome run =
          AgentProcess.run(
              Map.of("AUTOSERVICE_OPENAI_KEY", "sk-test-never-printed"),
              "run",
              planFile.toString(),
              "--config",
              config.toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stderr()).doesNotContain("Exception in thread", "sk-test-never-printed");
      assertThat(run.stdout()).doesNotContain("sk-test-never-printed");
      JsonNode report = JSON.readTree(run.stdout());
      assertThat(report.path("tasks")).hasSize(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        JsonNode result = report.path("tasks").get(i);
        String type = tasks.get(i).path("type").asText();
        assertThat(result.path("task_type").asText()).isEqualTo(type);
        if (WINDOWS_ONLY.contains(type)) {
          assertThat(result.path("status").asText()).as(type).isEqualTo("skipped");
          assertThat(result.at("/summary/human_readable/reason").asText())
              .as(type)
              .isEqualTo("requires Windows");
        }
      }
      assertThat(statusOf(report, "iperf_test")).isEqualTo("success");
      assertThat(statusOf(report, "speedtest")).isEqualTo("success");
      assertThat(report.path("status").asText()).isIn("ok", "completed_with_errors");
    }
  }

  private static String statusOf(JsonNode report, String type) {
    for (JsonNode t : report.path("tasks")) {
      if (t.path("task_type").asText().equals(type)) {
        return t.path("status").asText();
      }
    }
    return "missing";
  }
}
