package io.autoservice.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoservice.agent.testing.Fixtures;
import io.autoservice.agent.testing.LocalIperfServer;
import io.autoservice.agent.testing.LocalSpeedtestServer;
import io.autoservice.agent.testing.LocalSpeedtestServer.Mode;
import io.autoservice.agent.testing.ReferenceKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent run} of {@code speedtest} plans from the built jar against a stand-in for
 * speedtest.net that the test serves on 127.0.0.1 ({@link LocalSpeedtestServer}); nothing leaves
 * the machine.
 */
class SpeedtestReplayIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private Path plan(String taskJson) throws Exception {
    Path plan = tmp.resolve("speedtest.json");
    Files.writeString(
        plan, "{\"tasks\": [" + taskJson + "], \"metadata\": {\"technician_name\": \"Net\"}}");
    return plan;
  }

  private static String localTask(LocalSpeedtestServer s, String more) {
    return """
        {"type": "speedtest", "secure": false, "threads": 2, "download_seconds": 0.4, "upload_seconds": 0.4,
         "server_list_url": "%s", "config_url": "%s"%s}
        """
        .formatted(s.serverListUrl(), s.configUrl(), more);
  }

  @Test
  void shouldMeasureALocalServerChosenFromTheList() throws Exception {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.OK)) {
      AgentProcess.Outcome run = AgentProcess.run("run", plan(localTask(s, "")).toString());

      assertThat(run.exitCode()).isZero();
      assertThat(run.markerLines())
          .as(run.stderr())
          .contains("TASK_START: speedtest", "TASK_OK: speedtest | success");
      JsonNode task = JSON.readTree(run.stdout()).at("/tasks/0");
      assertThat(task.at("/summary/results/results/server/id").asText()).isEqualTo("4242");
      assertThat(task.at("/summary/results/results/download").asDouble()).isPositive();
      assertThat(task.at("/summary/results/results/upload").asDouble()).isPositive();
      assertThat(task.at("/summary/human_readable/isp").asText()).isEqualTo("Loopback ISP");
      assertThat(task.at("/summary/human_readable/server_description").asText())
          .isEqualTo("Loopback, Test Sponsor, Nowhere");
      assertThat(task.at("/summary/human_readable/rating_stars").asInt()).isBetween(1, 5);
      assertThat(s.downloadRequests.get()).isPositive();
      assertThat(s.uploadRequests.get()).isPositive();
    }
  }

  @Test
  void shouldGiveTheDesktopUiTheSampleResultsKeys() throws Exception {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.OK)) {
      AgentProcess.Outcome run =
          AgentProcess.run(
              "run",
              plan(localTask(s, ", \"server_url\": \"" + s.serverUrl() + "\"")).toString(),
              "--markers",
              "autoservice");

      assertThat(run.markerLines()).contains("TASK_START:0:speedtest", "TASK_OK:0:speedtest");
      JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
      assertThat(result.path("status").asText()).isEqualTo("success");
      JsonNode sample =
          JSON.readTree(Files.readString(Fixtures.referenceResult("speedtest", "success.json")));
      assertThat(ReferenceKeys.missing(sample.get("summary"), result.get("summary"))).isEmpty();
      assertThat(result.at("/summary/results/timestamp").asText()).endsWith("Z");
    }
  }

  @Test
  void shouldFailOnAServerThatAnswersWithErrors() throws Exception {
    try (LocalSpeedtestServer s = LocalSpeedtestServer.start(Mode.FAILING)) {
      AgentProcess.Outcome run =
          AgentProcess.run(
              "run", plan(localTask(s, ", \"server_url\": \"" + s.serverUrl() + "\"")).toString());

      assertThat(run.exitCode()).isZero();
      assertThat(run.markerLines())
          .anyMatch(
              l ->
                  l.startsWith("TASK_FAIL: speedtest | The download from 127.0.0.1:")
                      && l.contains(
                          "failed: HTTP 500 from " + s.serverUrl() + "random350x350.jpg"));
      assertThat(JSON.readTree(run.stdout()).at("/tasks/0/status").asText()).isEqualTo("error");
    }
  }

  @Test
  void shouldFailClearlyWhenNothingAnswers() throws Exception {
    String closed =
        "http://127.0.0.1:" + LocalIperfServer.freePort() + "/speedtest-servers-static.php";
    Path plan =
        plan(
            "{\"type\": \"speedtest\", \"config_url\": \"\", \"server_list_url\": \""
                + closed
                + "\"}");

    AgentProcess.Outcome run = AgentProcess.run("run", plan.toString(), "--markers", "autoservice");

    assertThat(run.markerLines())
        .anyMatch(
            l ->
                l.startsWith(
                    "TASK_FAIL:0:speedtest - Could not fetch the speedtest server list from "
                        + closed));
    JsonNode result = JSON.readTree(run.stdout()).at("/results/0");
    JsonNode sample =
        JSON.readTree(Files.readString(Fixtures.referenceResult("speedtest", "error.json")));
    assertThat(ReferenceKeys.missing(sample.get("summary"), result.get("summary"))).isEmpty();
  }
}
